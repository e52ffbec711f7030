package io.carbonq.scheduler.cli.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Emissions against deadlines: each policy a labelled point at (deadline misses %, reduction vs B0
 * %), so that a policy up and to the left of another saves more at fewer misses; carbonq's variants
 * joined in order of misses when there are several; the oracles as dashed horizontal lines (they
 * have no misses to plot).
 */
record FrontierPanel(List<PolicyFigures> policies, List<Reference> references, String baseline) {
  static final String ID = "frontier";
  static final String VARIANTS = "S variants";
  static final double HEIGHT = 300;
  static final double RADIUS = 4;
  private static final double PAD = 12;
  private static final double LABEL_SIZE = 11;

  FrontierPanel {
    policies =
        policies.stream()
            .filter(p -> Double.isFinite(p.reductionPct()) && Double.isFinite(p.deadlineMissPct()))
            .toList();
    references = List.copyOf(references);
  }

  /** Draws the panel from {@code top}; returns its bottom. */
  double draw(Svg svg, double top) {
    Box frame =
        new Box(
            ComparisonChart.LEFT, top + 48, ComparisonChart.RIGHT - ComparisonChart.LEFT, HEIGHT);
    Plot plot = new Plot(ID, frame);
    Scale x =
        Scale.holding(
            policies.stream().map(PolicyFigures::deadlineMissPct).toList(),
            true,
            frame.x() + PAD,
            frame.right() - PAD,
            8);
    List<Double> reductions = new ArrayList<>();
    policies.forEach(p -> reductions.add(p.reductionPct()));
    references.forEach(r -> reductions.add(r.reductionPct()));
    Scale y = Scale.holding(reductions, true, frame.bottom() - PAD, frame.y() + PAD, 6);
    plot.open(svg);
    Plot.title(svg, "Emissions saved against deadlines missed (up and to the left is better)", top);
    grid(svg, plot, x, y);
    data(svg, plot, x, y);
    labels(svg, frame, x, y);
    plot.axis(
        svg, "y", plot.yTicks(y), plot.yTitle("reduction in emissions vs " + baseline + ", %"));
    plot.axis(
        svg,
        "x",
        plot.xTicks(x, ComparisonChart.WIDTH),
        plot.xTitle("deadline misses, % of workloads (finished late or not at all)"));
    double bottom =
        Legend.draw(
            svg,
            legend(),
            ComparisonChart.LEFT,
            plot.belowXAxis(),
            ComparisonChart.RIGHT - ComparisonChart.LEFT);
    plot.close(svg);
    return bottom;
  }

  private static void grid(Svg svg, Plot plot, Scale x, Scale y) {
    plot.openLayer(svg, "grid");
    plot.verticalGrid(svg, x.ticks().stream().filter(t -> t != 0).map(x::at).toList(), "#eeeeee");
    plot.horizontalGrid(svg, y.ticks().stream().filter(t -> t != 0).map(y::at).toList(), "#eeeeee");
    plot.verticalGrid(svg, List.of(x.at(0)), "#9e9e9e");
    plot.horizontalGrid(svg, List.of(y.at(0)), "#9e9e9e");
    svg.close("g");
  }

  private void data(Svg svg, Plot plot, Scale x, Scale y) {
    plot.openLayer(svg, "data");
    Box frame = plot.frame();
    for (Reference reference : references) {
      plot.dashedAcross(svg, y.at(reference.reductionPct()), Reference.COLOUR, reference.id());
    }
    List<PolicyFigures> variants = variants();
    if (variants.size() > 1) {
      StringBuilder points = new StringBuilder();
      for (PolicyFigures variant : variants) {
        points
            .append(Svg.px(x.at(variant.deadlineMissPct())))
            .append(',')
            .append(Svg.px(y.at(variant.reductionPct())))
            .append(' ');
      }
      svg.empty(
          "polyline",
          "points",
          points.toString().trim(),
          "fill",
          "none",
          "stroke",
          PolicyFigures.CARBONQ_COLOUR,
          "stroke-width",
          "1.5",
          "data-series",
          VARIANTS);
    }
    for (PolicyFigures policy : policies) {
      svg.empty(
          "circle",
          "cx",
          Svg.px(x.at(policy.deadlineMissPct())),
          "cy",
          Svg.px(y.at(policy.reductionPct())),
          "r",
          Svg.px(RADIUS),
          "fill",
          policy.colour(),
          "data-series",
          policy.series(),
          "data-policy",
          policy.id());
    }
    svg.close("g");
  }

  /** carbonq's variants in order of misses, then of reduction. */
  List<PolicyFigures> variants() {
    return policies.stream()
        .filter(PolicyFigures::carbonq)
        .sorted(
            Comparator.comparingDouble(PolicyFigures::deadlineMissPct)
                .thenComparingDouble(PolicyFigures::reductionPct)
                .thenComparing(PolicyFigures::id))
        .toList();
  }

  /**
   * Labels every point with its policy's id (points whose markers overlap, which a reader sees as
   * one, share one label: "S, S:0.1"), then every reference line with its id, each where it
   * overlaps no point and no label placed before it.
   */
  private void labels(Svg svg, Box frame, Scale x, Scale y) {
    List<List<PolicyFigures>> spots = new ArrayList<>();
    List<Box> markers = new ArrayList<>();
    for (PolicyFigures policy : policies) {
      double cx = x.at(policy.deadlineMissPct());
      double cy = y.at(policy.reductionPct());
      spots.stream()
          .filter(spot -> distance(spot.get(0), cx, cy, x, y) < 2 * RADIUS)
          .findFirst()
          .ifPresentOrElse(
              spot -> spot.add(policy), () -> spots.add(new ArrayList<>(List.of(policy))));
      markers.add(new Box(cx - RADIUS - 1, cy - RADIUS - 1, 2 * RADIUS + 2, 2 * RADIUS + 2));
    }
    LabelPlacer placer = new LabelPlacer(frame, markers);
    svg.open("g", "class", "labels");
    for (List<PolicyFigures> spot : spots) {
      PolicyFigures first = spot.get(0);
      String ids = String.join(", ", spot.stream().map(PolicyFigures::id).toList());
      Label label =
          placer.place(
              LabelPlacer.around(
                  ids,
                  x.at(first.deadlineMissPct()),
                  y.at(first.reductionPct()),
                  LABEL_SIZE,
                  RADIUS));
      svg.text(label, haloed("class", "point-label"));
    }
    for (Reference reference : references) {
      svg.text(
          placer.place(referenceCandidates(reference, frame, y)),
          haloed("class", "marker-label", "fill", Reference.COLOUR));
    }
    svg.close("g");
  }

  /** The attributes and a white outline under the letters, so that lines do not hide them. */
  private static String[] haloed(String... attributes) {
    String[] halo = {"stroke", "white", "stroke-width", "3", "paint-order", "stroke"};
    String[] all = Arrays.copyOf(attributes, attributes.length + halo.length);
    System.arraycopy(halo, 0, all, attributes.length, halo.length);
    return all;
  }

  private static double distance(PolicyFigures policy, double cx, double cy, Scale x, Scale y) {
    return Math.hypot(x.at(policy.deadlineMissPct()) - cx, y.at(policy.reductionPct()) - cy);
  }

  private static List<Label> referenceCandidates(Reference reference, Box frame, Scale y) {
    String text = reference.shortLabel();
    double at = y.at(reference.reductionPct());
    double above = at - 4;
    double below = at + 4 + 0.8 * LABEL_SIZE;
    List<Label> candidates = new ArrayList<>();
    for (double baseline : new double[] {above, below}) {
      candidates.add(new Label(text, frame.right() - 4, baseline, LABEL_SIZE, Label.Anchor.END));
      candidates.add(new Label(text, frame.x() + 4, baseline, LABEL_SIZE, Label.Anchor.START));
      candidates.add(new Label(text, frame.centreX(), baseline, LABEL_SIZE, Label.Anchor.MIDDLE));
    }
    return candidates;
  }

  private List<Legend.Entry> legend() {
    List<Legend.Entry> entries = new ArrayList<>(PolicyFigures.kinds(policies, Legend.Swatch.DOT));
    if (variants().size() > 1) {
      entries.add(
          new Legend.Entry(
              VARIANTS,
              "carbonq's variants, by misses",
              Legend.Swatch.LINE,
              PolicyFigures.CARBONQ_COLOUR));
    }
    references.forEach(r -> entries.add(r.legendEntry()));
    return entries;
  }
}
