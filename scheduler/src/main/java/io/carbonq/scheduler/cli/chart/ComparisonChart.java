package io.carbonq.scheduler.cli.chart;

import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG of a comparison, {@value #WIDTH} px wide, computed from the comparison alone. From the
 * top: the reduction in emissions against B0 per policy, as bars from zero with the oracles as
 * reference lines; the mean wait per policy; each policy's reduction against its deadline misses;
 * and one region's first week, its measured intensity above the GPUs running there under B0 and
 * carbonq. Every panel has labelled axes with units and a legend, and its data clipped to its frame
 * by scales made to hold all of it; text is real text, and the SVG has a title and a description
 * that state the figures.
 */
public final class ComparisonChart {
  static final double WIDTH = 900;
  static final double LEFT = 110;
  static final double RIGHT = 880;
  private static final double HEADER = 64;
  private static final double GAP = 28;

  private ComparisonChart() {}

  /** The chart, with the week of the region at index {@code region} of the scenario. */
  public static String svg(Comparison comparison, int region) {
    List<PolicyFigures> policies = PolicyFigures.of(comparison);
    List<Reference> references = Reference.of(comparison);
    Svg body = new Svg();
    double y = HEADER;
    String baseline = comparison.baseline().policy();
    y = reductions(policies, references, baseline).draw(body, y) + GAP;
    y = waits(policies).draw(body, y) + GAP;
    y = new FrontierPanel(policies, references, baseline).draw(body, y) + GAP;
    y = WeekPanels.of(comparison, region).draw(body, y) + 12;
    return document(comparison, policies, references, region, body, Math.ceil(y));
  }

  /**
   * Reductions, not kilograms, as bars: zero is then a true origin (no saving), and the 16 points
   * between B0 and carbonq are most of the axis instead of a sliver at the end of two long bars.
   * The kilograms stand in a column beside them.
   */
  static BarPanel reductions(
      List<PolicyFigures> policies, List<Reference> references, String baseline) {
    List<BarPanel.Bar> bars = new ArrayList<>();
    for (PolicyFigures policy : policies) {
      bars.add(
          new BarPanel.Bar(
              policy.id(),
              policy.reductionPct(),
              policy.series(),
              policy.colour(),
              List.of(number(policy.reductionPct(), " %"), number(policy.kgCo2e(), ""))));
    }
    return new BarPanel(
        "reduction",
        "Emissions saved against " + baseline + baselineMeaning(baseline),
        "reduction in emissions vs "
            + baseline
            + ", % (0: as much as "
            + baseline
            + "; below 0: more)",
        List.of("reduction", "kgCO2e"),
        bars,
        references,
        PolicyFigures.kinds(policies, Legend.Swatch.BAR));
  }

  private static BarPanel waits(List<PolicyFigures> policies) {
    List<BarPanel.Bar> bars = new ArrayList<>();
    for (PolicyFigures policy : policies) {
      bars.add(
          new BarPanel.Bar(
              policy.id(),
              policy.meanWaitHours(),
              policy.series(),
              policy.colour(),
              List.of(number(policy.meanWaitHours(), " h"), number(policy.p95WaitHours(), " h"))));
    }
    return new BarPanel(
        "wait",
        "Wait from arrival to first start",
        "mean wait of the workloads that started, hours",
        List.of("mean", "95th pct"),
        bars,
        List.of(),
        PolicyFigures.kinds(policies, Legend.Swatch.BAR));
  }

  private static String document(
      Comparison comparison,
      List<PolicyFigures> policies,
      List<Reference> references,
      int region,
      Svg body,
      double height) {
    Scenario scenario = comparison.scenario();
    String title =
        "carbonq simulation of scenario "
            + scenario.name()
            + ", forecast "
            + scenario.forecastMode()
            + ": emissions, waits and deadline misses per policy";
    Svg svg = new Svg();
    svg.open(
        "svg",
        "xmlns",
        "http://www.w3.org/2000/svg",
        "width",
        Svg.px(WIDTH),
        "height",
        Svg.px(height),
        "viewBox",
        "0 0 " + Svg.px(WIDTH) + " " + Svg.px(height),
        "role",
        "img",
        "aria-labelledby",
        "chart-title chart-desc",
        "font-family",
        "Helvetica, Arial, sans-serif",
        "font-size",
        "12");
    svg.element("title", title, "id", "chart-title");
    svg.element("desc", description(comparison, policies, references, region), "id", "chart-desc");
    svg.empty("rect", "class", "background", "width", "100%", "height", "100%", "fill", "white");
    svg.text(new Label(title, 10, 24, 14, Label.Anchor.START), "font-weight", "bold");
    svg.text(
        new Label(
            String.format(
                Locale.ROOT,
                "%d workloads on %d regions; %s emitted %.1f kgCO2e",
                scenario.workloads().size(),
                scenario.regions().size(),
                comparison.baseline().policy(),
                comparison.baseline().kgCo2e()),
            10,
            44,
            12,
            Label.Anchor.START));
    svg.append(body);
    svg.close("svg");
    return svg.toString();
  }

  /** The figures in words, for readers who cannot see the chart. */
  static String description(
      Comparison comparison, List<PolicyFigures> policies, List<Reference> references, int region) {
    String baseline = comparison.baseline().policy();
    StringBuilder text = new StringBuilder("Per policy: ");
    for (PolicyFigures policy : policies) {
      text.append(
          String.format(
              Locale.ROOT,
              "%s emitted %.1f kgCO2e (%s less than %s), missed %.1f %% of deadlines, mean wait"
                  + " %.1f h; ",
              policy.id(),
              policy.kgCo2e(),
              number(policy.reductionPct(), " %"),
              baseline,
              policy.deadlineMissPct(),
              policy.meanWaitHours()));
    }
    for (Reference reference : references) {
      text.append(
          String.format(
              Locale.ROOT,
              "%s, the %s, %.1f kgCO2e (%s less than %s); ",
              reference.id(),
              reference.name(),
              reference.kgCo2e(),
              number(reference.reductionPct(), " %"),
              baseline));
    }
    text.setLength(text.length() - 2);
    text.append(". The last two panels show region ")
        .append(comparison.scenario().regions().get(region).name())
        .append(
            "'s first week: its measured intensity, and the GPUs running there under "
                + baseline
                + " and carbonq.");
    return text.toString();
  }

  /** What the baseline is, said after its id in the first panel's title. */
  private static String baselineMeaning(String baseline) {
    return switch (baseline) {
      case "B0" -> ", which starts every workload on arrival";
      case "AS-RUN" -> ", the jobs as they ran";
      default -> "";
    };
  }

  /** One decimal and the unit; "n/a" when not a number; never "-0.0". */
  static String number(double value, String unit) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f%s", Math.abs(value) < 0.05 ? 0 : value, unit);
  }
}
