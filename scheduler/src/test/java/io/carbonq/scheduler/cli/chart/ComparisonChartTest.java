package io.carbonq.scheduler.cli.chart;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aTrainer;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.flat;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.Policies;
import io.carbonq.scheduler.simulation.ProgressListener;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.SimulationResult;
import io.carbonq.scheduler.simulation.Simulator;
import io.carbonq.scheduler.simulation.SmallWorld;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The comparison chart, parsed back as XML: every shape inside its panel's frame, every panel with
 * labelled axes and a legend naming its series, one frontier point per policy, no text over
 * another. The comparison is a small two-region world run through the simulator, with series far
 * outside the range a naive scale would give: a policy that emits four times as much as B0, an
 * intensity spike of 5,000 gCO2e/kWh, and a carbonq run whose GPUs come from a world with ten times
 * the pool, so that its line overshoots the pool drawn.
 */
class ComparisonChartTest {
  private static final List<String> POLICIES = List.of("B0", "B2", "B5", "S", "S:0.2", "S-whole");
  private static final int NORTH = 0;
  private static final double TOLERANCE = 0.051;

  static Scenario scenario;
  static Comparison comparison;
  static Document chart;

  @BeforeAll
  static void renderAChartWithOutliers() throws Exception {
    scenario = world(new int[] {4, 4}, 1);
    Comparison simulated = Comparison.run(scenario, POLICIES, ProgressListener.NONE);
    List<SimulationResult> results = new ArrayList<>(simulated.results());
    // B7 ran in a world four times as dirty; the S shown in the week ran on pools of 40 GPUs.
    SimulationResult dirty =
        new Simulator(world(new int[] {4, 4}, 4), Comparison.FORECAST_HORIZON)
            .run(Policies.byId("B0").get());
    results.add(new SimulationResult("B7", scenario, dirty.runs(), dirty.utilisation()));
    SimulationResult crowded =
        new Simulator(world(new int[] {40, 40}, 1), Comparison.FORECAST_HORIZON)
            .run(Policies.byId("B0").get());
    results.set(
        POLICIES.indexOf("S"),
        new SimulationResult("S", scenario, crowded.runs(), crowded.utilisation()));
    double b0 = results.get(0).kgCo2e();
    comparison =
        new Comparison(
            scenario,
            results,
            OptionalDouble.of(0.55 * b0),
            OptionalDouble.of(0.6 * b0),
            OptionalDouble.empty());
    chart = parse(ComparisonChart.svg(comparison, NORTH));
  }

  /**
   * Two regions: north with a daily swing and a spike of 5,000 at hour 30, south flat and clean; 36
   * workloads of 2 GPUs and 12 hours arriving hourly in the north, a third that may pause, a third
   * that may also run in the south, a third due on arrival.
   */
  static Scenario world(int[] capacities, double dirtier) {
    double[] north = new double[24 * 40];
    for (int h = 0; h < north.length; h++) {
      north[h] = dirtier * (300 + 100 * Math.sin(2 * Math.PI * h / 24));
    }
    north[30] = 5000 * dirtier;
    double[] south = new double[north.length];
    Arrays.fill(south, 80 * dirtier);
    List<Workload> workloads = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      Instant arrival = T0.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(i));
      Duration duration = Duration.ofHours(12);
      workloads.add(
          Workload.builder("w" + i)
              .gpus(2)
              .duration(duration)
              .earliestStart(arrival)
              .deadline(arrival.plus(i % 3 == 2 ? duration : duration.multipliedBy(4)))
              .regions(i % 3 == 1 ? List.of("north", "south") : List.of("north"))
              .home("north")
              .interruptible(i % 3 == 0)
              .build());
    }
    return SmallWorld.named("chart-test")
        .regions(new Region("north", "ZN", 1.1), new Region("south", "ZS", 1.1))
        .capacities(capacities)
        .intensity(hourly("ZN", north), hourly("ZS", south))
        .workloads(workloads)
        .gpuWatts(70)
        .start(T0.plus(Duration.ofMinutes(5)))
        .build();
  }

  @Test
  void theOutliersAreReallyOutsideANaiveRange() {
    // Guards the fixture: without these, the frame checks below could pass on any scale.
    double[] gpus =
        GpusInUse.perStep(
            comparison.results().get(POLICIES.indexOf("S")),
            NORTH,
            scenario.start(),
            scenario.step(),
            7 * 24 * 12);
    assertThat(Arrays.stream(gpus).max().orElseThrow()).isGreaterThan(4 * 4);
    assertThat(comparison.reductionPct(comparison.results().get(POLICIES.size()).kgCo2e()))
        .isLessThan(-200);
  }

  @Test
  void everyShapeLiesInsideItsPanelsFrameAndIsClippedToIt() {
    assertThat(panels())
        .extracting(p -> p.getAttribute("id"))
        .containsExactly("reduction", "wait", "frontier", "week-intensity", "week-gpus");
    assertShapesInsideFrames(chart);
    assertThat(attributeAnywhere("transform")).as("a transform").isFalse();
  }

  private static void assertShapesInsideFrames(Document document) {
    for (Element panel : panels(document)) {
      String id = panel.getAttribute("id");
      Box frame = frame(panel);
      Box clip = box(only(children(clipPath(document, id), "rect")));
      assertThat(clip).as(id + " clip").isEqualTo(frame);
      for (Element layer : childrenWithClass(panel, "g", "grid", "data")) {
        assertThat(layer.getAttribute("clip-path")).isEqualTo("url(#clip-" + id + ")");
      }
      List<Element> shapes = shapesOutsideLegends(panel);
      assertThat(shapes).as(id + " shapes").hasSizeGreaterThan(3);
      for (Element shape : shapes) {
        for (double[] point : points(shape)) {
          assertThat(frame.contains(point[0], point[1], TOLERANCE))
              .as("%s: %s at %s outside %s", id, shape.getTagName(), Arrays.toString(point), frame)
              .isTrue();
        }
      }
    }
  }

  @Test
  void everyPanelHasAxesLabelledWithUnitsAndALegendNamingEverySeries() {
    Map<String, List<String>> units =
        Map.of(
            "reduction", List.of("%", "policy"),
            "wait", List.of("hours", "policy"),
            "frontier", List.of("%", "%"),
            "week-intensity", List.of("UTC", "gCO2e/kWh"),
            "week-gpus", List.of("UTC", "GPUs"));
    for (Element panel : panels()) {
      String id = panel.getAttribute("id");
      List<String> axisUnits = units.get(id);
      assertThat(axisTitle(panel, "axis-x")).as(id + " x").contains(axisUnits.get(0));
      assertThat(axisTitle(panel, "axis-y")).as(id + " y").contains(axisUnits.get(1));
      assertThat(ticks(panel, "axis-x")).as(id + " x ticks").hasSizeGreaterThan(1);
      assertThat(ticks(panel, "axis-y")).as(id + " y ticks").hasSizeGreaterThan(1);
      Set<String> drawn =
          childrenWithClass(panel, "g", "data").stream()
              .flatMap(layer -> descendants(layer).stream())
              .map(e -> e.getAttribute("data-series"))
              .collect(Collectors.toSet());
      Set<String> named =
          descendants(only(childrenWithClass(panel, "g", "legend"))).stream()
              .filter(e -> e.getAttribute("class").equals("legend-entry"))
              .map(e -> e.getAttribute("data-series"))
              .collect(Collectors.toSet());
      assertThat(drawn).as(id + " series").doesNotContain("").isNotEmpty();
      assertThat(named).as(id + " legend").containsAll(drawn);
    }
  }

  @Test
  void theWeekHasATickForEveryMidnightAndTheGpusOfB0AndCarbonq() {
    // The scenario starts at 00:05, so the week's midnights are the next seven days'.
    assertThat(ticks(panel("week-gpus"), "axis-x"))
        .containsExactly(
            "Tue 2 May",
            "Wed 3 May",
            "Thu 4 May",
            "Fri 5 May",
            "Sat 6 May",
            "Sun 7 May",
            "Mon 8 May");
    assertThat(seriesIn(panel("week-gpus"))).containsExactlyInAnyOrder("B0", "S", "pool");
    assertThat(seriesIn(panel("week-intensity"))).containsExactly("intensity");
  }

  @Test
  void theFrontierHasOnePointPerPolicyLabelledWithItsIdAndJoinsCarbonqsVariants() {
    Element frontier = panel("frontier");
    List<String> ids = comparison.results().stream().map(SimulationResult::policy).toList();
    Element data = only(childrenWithClass(frontier, "g", "data"));
    List<Element> points = descendants(data, "circle");
    assertThat(points)
        .extracting(p -> p.getAttribute("data-policy"))
        .containsExactlyElementsOf(ids);
    assertThat(
            descendants(frontier, "text").stream()
                .filter(t -> t.getAttribute("class").equals("point-label"))
                .flatMap(t -> Arrays.stream(t.getTextContent().split(", "))))
        .containsExactlyInAnyOrderElementsOf(ids);
    Element variants = only(descendants(data, "polyline"));
    assertThat(variants.getAttribute("data-series")).isEqualTo(FrontierPanel.VARIANTS);
    assertThat(points(variants)).hasSize(3);
  }

  @Test
  void oraclesAreReferenceLinesWhereTheComparisonHasThem() {
    for (String id : List.of("reduction", "frontier")) {
      assertThat(seriesIn(panel(id))).as(id).contains("O1", "O2").doesNotContain("O3");
    }
    Comparison without =
        new Comparison(
            scenario,
            comparison.results(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty());
    Document plain = parse(ComparisonChart.svg(without, NORTH));
    for (Element panel : panels(plain)) {
      assertThat(seriesIn(panel)).doesNotContain("O1", "O2", "O3");
    }
  }

  @Test
  void noTextOverlapsAnotherOrLeavesTheChart() {
    assertTextsApart(chart);
  }

  /**
   * The published main scenario's figures (scheduler/results/main-F0.json, and carbonq's variants
   * from docs/results.md, whose waits are not published), whose frontier crowds six baselines into
   * a few points of misses and reduction, and carbonq's variants into another.
   */
  @Test
  void theMainResultsPanelsKeepTheirLabelsApartAndTheirShapesInside() {
    List<PolicyFigures> policies =
        List.of(
            new PolicyFigures("B0", 1173.349, 0.0, 18.511, 6.039, 35.833),
            new PolicyFigures("B1-p30", 1151.879, 1.83, 30.63, 7.02, 31.333),
            new PolicyFigures("B1-p50", 1158.803, 1.24, 26.34, 4.817, 26.667),
            new PolicyFigures("B2", 1150.67, 1.933, 14.112, 16.588, 87.667),
            new PolicyFigures("B3", 1165.597, 0.661, 19.949, 12.002, 82.083),
            new PolicyFigures("B4", 1158.444, 1.27, 16.872, 8.889, 49.75),
            new PolicyFigures("B5", 1111.063, 5.308, 17.688, 3.901, 24.0),
            new PolicyFigures("B6", 958.115, 18.344, 33.847, 60.072, 289.917),
            new PolicyFigures("S", 983.784, 16.156, 3.504, 13.041, 133.917),
            new PolicyFigures("S-whole", 984.9, 16.1, 9.8, Double.NaN, Double.NaN),
            new PolicyFigures("S-pinned", 982.5, 16.3, 4.3, Double.NaN, Double.NaN),
            new PolicyFigures("S:0.1", 996.5, 15.1, 3.3, Double.NaN, Double.NaN));
    List<Reference> references =
        List.of(
            new Reference("O1", "per-job oracle", 900.738, 23.234),
            new Reference("O2", "capacity-aware limit", 944.237, 19.526));
    Svg body = new Svg();
    double bottom = ComparisonChart.reductions(policies, references, "B0").draw(body, 0);
    bottom = new FrontierPanel(policies, references, "B0").draw(body, bottom + 20);
    Document panels = parse(body, bottom);

    assertShapesInsideFrames(panels);
    assertTextsApart(panels);
  }

  @Test
  void pointsDrawnOnOneSpotShareOneLabel() {
    List<PolicyFigures> policies =
        List.of(
            new PolicyFigures("B0", 100, 0, 18.5, 6, 30),
            new PolicyFigures("S", 84, 16.2, 3.5, 13, 130),
            new PolicyFigures("S:0.2", 84.1, 16.1, 3.5, 13, 130));
    Svg body = new Svg();
    double bottom = new FrontierPanel(policies, List.of(), "B0").draw(body, 0);
    Document frontier = parse(body, bottom);

    assertThat(
            descendants(frontier.getDocumentElement(), "text").stream()
                .filter(t -> t.getAttribute("class").equals("point-label"))
                .map(Node::getTextContent))
        .containsExactlyInAnyOrder("B0", "S, S:0.2");
  }

  private static void assertTextsApart(Document document) {
    Element svg = document.getDocumentElement();
    Box page =
        new Box(
            0,
            0,
            Double.parseDouble(svg.getAttribute("width")),
            Double.parseDouble(svg.getAttribute("height")));
    List<Element> texts = descendants(svg, "text");
    List<Box> boxes = new ArrayList<>();
    for (Element text : texts) {
      Box box = box(text);
      assertThat(page.contains(box)).as("%s inside the chart", text.getTextContent()).isTrue();
      boxes.add(box);
    }
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertThat(boxes.get(i).overlaps(boxes.get(j)))
            .as("'%s' over '%s'", texts.get(i).getTextContent(), texts.get(j).getTextContent())
            .isFalse();
      }
    }
  }

  @Test
  void theChartHasATitleAndADescriptionThatStateTheFigures() {
    Element svg = chart.getDocumentElement();
    assertThat(svg.getAttribute("role")).isEqualTo("img");
    Element title = only(children(svg, "title"));
    Element desc = only(children(svg, "desc"));
    assertThat(svg.getAttribute("aria-labelledby"))
        .isEqualTo(title.getAttribute("id") + " " + desc.getAttribute("id"));
    assertThat(title.getTextContent()).contains("chart-test");
    for (SimulationResult result : comparison.results()) {
      assertThat(desc.getTextContent()).contains(result.policy() + " emitted ");
    }
    assertThat(desc.getTextContent()).contains("O1, the per-job oracle", "O2");
  }

  @Test
  void placedLabelsKeepApartFromEachOtherAndFromTheMarkers() {
    Box bounds = new Box(0, 0, 300, 200);
    double[][] crowd = {{150, 100}, {158, 104}, {144, 96}, {152, 90}, {160, 110}, {140, 108}};
    List<Box> markers = new ArrayList<>();
    for (double[] point : crowd) {
      markers.add(new Box(point[0] - 5, point[1] - 5, 10, 10));
    }
    LabelPlacer placer = new LabelPlacer(bounds, markers);
    List<Box> placed = new ArrayList<>();
    for (int i = 0; i < crowd.length; i++) {
      Label label = placer.place(LabelPlacer.around("S:0." + i, crowd[i][0], crowd[i][1], 11, 4));
      placed.add(label.box());
    }
    for (int i = 0; i < placed.size(); i++) {
      assertThat(bounds.contains(placed.get(i))).isTrue();
      for (Box marker : markers) {
        assertThat(placed.get(i).overlaps(marker)).as("label %d over a marker", i).isFalse();
      }
      for (int j = i + 1; j < placed.size(); j++) {
        assertThat(placed.get(i).overlaps(placed.get(j))).as("labels %d, %d", i, j).isFalse();
      }
    }
  }

  @Test
  void aPausedWorkloadHoldsNoGpusInTheWeek() {
    Region home = new Region("north", "ZN", 1.0);
    Instant arrival = T0.plus(Duration.ofHours(1));
    Scenario small =
        SmallWorld.named("pausing")
            .regions(home)
            .capacities(2)
            .intensity(flat("ZN", 300))
            .workloads(
                aTrainer("trainer", home).build(),
                aWorkload("pod", home, arrival, Duration.ofMinutes(30)).build())
            .build();
    SimulationResult result =
        new Simulator(small, Duration.ofDays(2)).run(Policies.byId("S").get());

    double[] gpus = GpusInUse.perStep(result, 0, T0, Duration.ofMinutes(5), 24 * 12);

    assertThat(result.runs().get(0).resumes()).isEqualTo(1);
    assertThat(gpus[0]).isEqualTo(2);
    assertThat(gpus[12]).as("01:00, the trainer paused for the pod").isEqualTo(1);
    assertThat(Arrays.stream(gpus).max().orElseThrow()).isLessThanOrEqualTo(2);
  }

  // Reading the SVG back.

  /** Panels drawn on their own, from the top down to {@code bottom}, as a chart 900 px wide. */
  private static Document parse(Svg panels, double bottom) {
    return parse(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\""
            + Math.ceil(bottom)
            + "\">"
            + panels
            + "</svg>");
  }

  private static Document parse(String svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("the chart is not well-formed XML", e);
    }
  }

  private static List<Element> panels() {
    return panels(chart);
  }

  private static List<Element> panels(Document document) {
    return descendants(document.getDocumentElement(), "g").stream()
        .filter(g -> g.getAttribute("class").equals("panel"))
        .toList();
  }

  private static Element panel(String id) {
    return panels().stream()
        .filter(p -> p.getAttribute("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no panel " + id));
  }

  private static Element clipPath(Document document, String panelId) {
    return descendants(document.getDocumentElement(), "clipPath").stream()
        .filter(c -> c.getAttribute("id").equals("clip-" + panelId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no clip path for " + panelId));
  }

  private static Box frame(Element panel) {
    return box(only(childrenWithClass(panel, "rect", "frame")));
  }

  private static Set<String> seriesIn(Element panel) {
    Set<String> series = new HashSet<>();
    for (Element layer : childrenWithClass(panel, "g", "data")) {
      descendants(layer).forEach(e -> series.add(e.getAttribute("data-series")));
    }
    return series;
  }

  private static String axisTitle(Element panel, String axis) {
    return descendants(only(childrenWithClass(panel, "g", axis)), "text").stream()
        .filter(t -> t.getAttribute("class").equals("axis-title"))
        .map(Node::getTextContent)
        .findFirst()
        .orElse("");
  }

  private static List<String> ticks(Element panel, String axis) {
    return descendants(only(childrenWithClass(panel, "g", axis)), "text").stream()
        .filter(t -> !t.getAttribute("class").equals("axis-title"))
        .map(Node::getTextContent)
        .toList();
  }

  /** Every shape of the panel but the legend's swatches and the clip path's own rectangle. */
  private static List<Element> shapesOutsideLegends(Element panel) {
    List<Element> shapes = new ArrayList<>();
    collectShapes(panel, shapes);
    return shapes;
  }

  private static void collectShapes(Element element, List<Element> shapes) {
    for (Element child : children(element)) {
      String tag = child.getTagName();
      if (child.getAttribute("class").equals("legend") || tag.equals("defs")) {
        continue;
      }
      if (Set.of("path", "polyline", "rect", "circle", "line").contains(tag)) {
        shapes.add(child);
      }
      collectShapes(child, shapes);
    }
  }

  /** The points a shape reaches: corners, ends, vertices, a circle's extremes. */
  private static List<double[]> points(Element shape) {
    return switch (shape.getTagName()) {
      case "rect" -> {
        Box box = box(shape);
        yield List.of(new double[] {box.x(), box.y()}, new double[] {box.right(), box.bottom()});
      }
      case "circle" -> {
        double cx = number(shape, "cx");
        double cy = number(shape, "cy");
        double r = number(shape, "r");
        yield List.of(new double[] {cx - r, cy - r}, new double[] {cx + r, cy + r});
      }
      case "line" ->
          List.of(
              new double[] {number(shape, "x1"), number(shape, "y1")},
              new double[] {number(shape, "x2"), number(shape, "y2")});
      case "polyline" ->
          Arrays.stream(shape.getAttribute("points").trim().split("\\s+"))
              .map(p -> Arrays.stream(p.split(",")).mapToDouble(Double::parseDouble).toArray())
              .toList();
      case "path" -> pathPoints(shape.getAttribute("d"));
      default -> throw new AssertionError("not a shape: " + shape.getTagName());
    };
  }

  /** The vertices of a path written with absolute M, L, H and V commands only. */
  private static List<double[]> pathPoints(String d) {
    List<double[]> points = new ArrayList<>();
    String[] tokens = d.trim().split("\\s+|(?=[A-Za-z])");
    double x = 0;
    double y = 0;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.isEmpty()) {
        continue;
      }
      char command = token.charAt(0);
      String rest = token.substring(1);
      switch (command) {
        case 'M', 'L' -> {
          x = Double.parseDouble(rest);
          y = Double.parseDouble(tokens[++i]);
        }
        case 'Z' -> {
          continue;
        }
        case 'H' -> x = Double.parseDouble(rest);
        case 'V' -> y = Double.parseDouble(rest);
        default -> throw new AssertionError("unexpected path command in " + d);
      }
      points.add(new double[] {x, y});
    }
    return points;
  }

  private static Box box(Element element) {
    if (element.getTagName().equals("text")) {
      Label.Anchor anchor =
          Label.Anchor.valueOf(element.getAttribute("text-anchor").toUpperCase(Locale.ROOT));
      return new Label(
              element.getTextContent(),
              number(element, "x"),
              number(element, "y"),
              number(element, "font-size"),
              anchor)
          .box();
    }
    return new Box(
        number(element, "x"),
        number(element, "y"),
        number(element, "width"),
        number(element, "height"));
  }

  private static double number(Element element, String attribute) {
    return Double.parseDouble(element.getAttribute(attribute));
  }

  private static boolean attributeAnywhere(String attribute) {
    return descendants(chart.getDocumentElement()).stream()
        .anyMatch(e -> e.hasAttribute(attribute));
  }

  private static Element only(List<Element> elements) {
    assertThat(elements).hasSize(1);
    return elements.get(0);
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element) {
        children.add(element);
      }
    }
    return children;
  }

  private static List<Element> children(Element parent, String tag) {
    return children(parent).stream().filter(e -> e.getTagName().equals(tag)).toList();
  }

  private static List<Element> childrenWithClass(Element parent, String tag, String... classes) {
    Set<String> wanted = Set.of(classes);
    return children(parent, tag).stream()
        .filter(e -> wanted.contains(e.getAttribute("class")))
        .toList();
  }

  private static List<Element> descendants(Element root) {
    List<Element> all = new ArrayList<>();
    NodeList nodes = root.getElementsByTagName("*");
    for (int i = 0; i < nodes.getLength(); i++) {
      all.add((Element) nodes.item(i));
    }
    return all;
  }

  private static List<Element> descendants(Element root, String tag) {
    return descendants(root).stream().filter(e -> e.getTagName().equals(tag)).toList();
  }
}
