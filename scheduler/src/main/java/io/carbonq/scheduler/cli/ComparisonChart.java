package io.carbonq.scheduler.cli;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG of a comparison: emissions and mean wait per policy, and one region's intensity over the
 * first week with the GPUs that B0 and carbonq (S) run there.
 */
final class ComparisonChart {
  private static final int WIDTH = 900;
  private static final int BAR_HEIGHT = 18;
  private static final int LEFT = 90;

  private ComparisonChart() {}

  static String svg(Comparison comparison, int region) {
    List<SimulationResult> results = comparison.results();
    StringBuilder svg = new StringBuilder();
    int barsHeight = (results.size() + 2) * (BAR_HEIGHT + 4) + 40;
    int height = 2 * barsHeight + 320;
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    List<String> labels = new ArrayList<>();
    List<Double> kg = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    for (SimulationResult result : results) {
      labels.add(result.policy());
      kg.add(result.kgCo2e());
      waits.add(result.meanWaitHours());
    }
    comparison
        .perJobOracleKg()
        .ifPresent(
            value -> {
              labels.add("O1");
              kg.add(value);
            });
    comparison
        .capacityAwareLimitKg()
        .ifPresent(
            value -> {
              labels.add("O2");
              kg.add(value);
            });
    bars(svg, 0, "Emissions, kgCO2e", labels, kg, "#2e7d32");
    bars(svg, barsHeight, "Mean wait, hours", labels.subList(0, waits.size()), waits, "#1565c0");
    timeline(svg, 2 * barsHeight, comparison, region);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void bars(
      StringBuilder svg,
      int top,
      String title,
      List<String> labels,
      List<Double> values,
      String colour) {
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    svg.append(text(LEFT, top + 20, title, "bold"));
    for (int i = 0; i < values.size(); i++) {
      int y = top + 30 + i * (BAR_HEIGHT + 4);
      double width = (WIDTH - LEFT - 120) * values.get(i) / (max <= 0 ? 1 : max);
      svg.append(text(10, y + 13, labels.get(i), "normal"));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
              LEFT,
              y,
              width,
              BAR_HEIGHT,
              colour));
      svg.append(
          text(
              (int) (LEFT + width + 6),
              y + 13,
              String.format(Locale.ROOT, "%.1f", values.get(i)),
              "normal"));
    }
  }

  private static void timeline(StringBuilder svg, int top, Comparison comparison, int region) {
    Scenario scenario = comparison.scenario();
    IntensitySeries actual = scenario.actual(region);
    Instant from = scenario.start();
    int hours = 7 * 24;
    int plotHeight = 220;
    int plotTop = top + 40;
    double xScale = (WIDTH - LEFT - 40) / (double) hours;
    svg.append(
        text(
            LEFT,
            top + 20,
            "Region "
                + scenario.regions().get(region).name()
                + ": intensity (line, gCO2e/kWh) and GPUs running under B0 (grey) and S (green), first week",
            "bold"));
    double maxIntensity = 0;
    for (int h = 0; h < hours; h++) {
      maxIntensity = Math.max(maxIntensity, actual.gramsPerKwhAt(from.plus(Duration.ofHours(h))));
    }
    int capacity = scenario.capacities()[region];
    for (SimulationResult result : comparison.results()) {
      String colour =
          result.policy().equals("B0") ? "#9e9e9e" : result.policy().equals("S") ? "#2e7d32" : null;
      if (colour == null) {
        continue;
      }
      StringBuilder points = new StringBuilder();
      for (int h = 0; h < hours; h++) {
        Instant t = from.plus(Duration.ofHours(h));
        int gpus = running(result, region, t);
        points.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                LEFT + h * xScale,
                plotTop + plotHeight - plotHeight * gpus / (double) capacity));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" opacity=\"0.8\"/>%n",
              points,
              colour));
    }
    StringBuilder line = new StringBuilder();
    for (int h = 0; h < hours; h++) {
      double value = actual.gramsPerKwhAt(from.plus(Duration.ofHours(h)));
      line.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              LEFT + h * xScale,
              plotTop + plotHeight - plotHeight * value / maxIntensity));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<polyline points=\"%s\" fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>%n",
            line));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>%n",
            LEFT,
            plotTop,
            WIDTH - LEFT - 40,
            plotHeight));
    svg.append(
        text(10, plotTop + 10, String.format(Locale.ROOT, "%.0f g", maxIntensity), "normal"));
    svg.append(text(10, plotTop + 24, capacity + " GPUs", "normal"));
    svg.append(text(LEFT, plotTop + plotHeight + 16, from.toString(), "normal"));
  }

  private static int running(SimulationResult result, int region, Instant t) {
    int gpus = 0;
    for (JobRun run : result.runs()) {
      if (run.region() == region
          && run.started()
          && !run.firstStart().isAfter(t)
          && (run.end() == null || run.end().isAfter(t))) {
        gpus += run.workload().gpus();
      }
    }
    return gpus;
  }

  private static String text(int x, int y, String content, String weight) {
    String escaped = content.replace("&", "&amp;").replace("<", "&lt;");
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" font-weight=\"%s\">%s</text>%n",
        x,
        y,
        weight,
        escaped);
  }
}
