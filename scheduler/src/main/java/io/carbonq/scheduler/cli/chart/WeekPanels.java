package io.carbonq.scheduler.cli.chart;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One region's first week, on one UTC time axis with a tick at each midnight: the measured
 * intensity in one panel, step by step of the simulation; in the next the GPUs running there, the
 * mean of each hour, under B0 (an area) and carbonq ({@code S}, else its first variant; a line),
 * with the pool's size. Paused work holds no GPUs; a gap in the intensity is left a gap.
 */
final class WeekPanels {
  static final Duration WEEK = Duration.ofDays(7);
  static final String INTENSITY = "intensity";
  static final String POOL = "pool";
  static final double INTENSITY_HEIGHT = 140;
  static final double GPU_HEIGHT = 160;
  private static final String POOL_COLOUR = "#c62828";
  private static final String BASELINE_FILL = "#bdbdbd";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String region;
  private final String zone;
  private final Instant from;
  private final double[] intensity;
  private final List<GpuSeries> gpus;
  private final int capacity;

  private WeekPanels(
      String region,
      String zone,
      Instant from,
      double[] intensity,
      List<GpuSeries> gpus,
      int capacity) {
    this.region = region;
    this.zone = zone;
    this.from = from;
    this.intensity = intensity;
    this.gpus = List.copyOf(gpus);
    this.capacity = capacity;
  }

  /** The mean GPUs running in each hour under one policy, drawn as an area or a line. */
  record GpuSeries(String policy, String colour, double[] gpus, boolean area) {
    GpuSeries {
      gpus = gpus.clone();
    }
  }

  static WeekPanels of(Comparison comparison, int region) {
    Scenario scenario = comparison.scenario();
    Instant from = scenario.start();
    Duration step = scenario.step();
    int steps = (int) (WEEK.getSeconds() / step.getSeconds());
    IntensitySeries actual = scenario.actual(region);
    double[] intensity = new double[steps];
    for (int i = 0; i < steps; i++) {
      intensity[i] = actual.gramsPerKwhAt(from.plus(step.multipliedBy(i)));
    }
    int perHour = (int) (Duration.ofHours(1).getSeconds() / step.getSeconds());
    List<GpuSeries> gpus = new ArrayList<>();
    SimulationResult baseline = comparison.baseline();
    gpus.add(
        new GpuSeries(
            baseline.policy(),
            BASELINE_FILL,
            GpusInUse.hourly(baseline, region, from, step, steps, perHour),
            true));
    carbonq(comparison)
        .ifPresent(
            s ->
                gpus.add(
                    new GpuSeries(
                        s.policy(),
                        PolicyFigures.CARBONQ_COLOUR,
                        GpusInUse.hourly(s, region, from, step, steps, perHour),
                        false)));
    return new WeekPanels(
        scenario.regions().get(region).name(),
        scenario.regions().get(region).zone(),
        from,
        intensity,
        gpus,
        scenario.capacities()[region]);
  }

  private static Optional<SimulationResult> carbonq(Comparison comparison) {
    List<SimulationResult> variants =
        comparison.results().stream().filter(r -> r.policy().startsWith("S")).toList();
    return variants.stream()
        .filter(r -> r.policy().equals("S"))
        .findFirst()
        .or(() -> variants.stream().findFirst());
  }

  /** Draws the title and both panels from {@code top}; returns the bottom. */
  double draw(Svg svg, double top) {
    Plot.title(
        svg,
        "Region " + region + " (zone " + zone + "), the first week: intensity and GPUs in use",
        top);
    double middle = intensityPanel(svg, top + 24) + 12;
    return gpuPanel(svg, middle);
  }

  private double intensityPanel(Svg svg, double top) {
    Box frame = frame(top, INTENSITY_HEIGHT);
    Plot plot = new Plot("week-intensity", frame);
    Scale y = Scale.holding(list(intensity), true, frame.bottom() - 2, frame.y() + 6, 4);
    plot.open(svg);
    grid(svg, plot, y);
    plot.openLayer(svg, "data");
    StepPath.line(svg, frame, intensity, y, "#212121", INTENSITY);
    svg.close("g");
    return axesAndLegend(
        svg,
        plot,
        y,
        "measured intensity, gCO2e/kWh",
        List.of(
            new Legend.Entry(
                INTENSITY, "measured intensity, zone " + zone, Legend.Swatch.LINE, "#212121")));
  }

  private double gpuPanel(Svg svg, double top) {
    Box frame = frame(top, GPU_HEIGHT);
    Plot plot = new Plot("week-gpus", frame);
    List<Double> values = new ArrayList<>(List.of((double) capacity));
    gpus.forEach(series -> values.addAll(list(series.gpus())));
    Scale y = Scale.holding(values, true, frame.bottom() - 2, frame.y() + 6, 4).wholeSteps();
    plot.open(svg);
    grid(svg, plot, y);
    plot.openLayer(svg, "data");
    plot.dashedAcross(svg, y.at(capacity), POOL_COLOUR, POOL);
    List<Legend.Entry> legend = new ArrayList<>();
    for (GpuSeries series : gpus) {
      if (series.area()) {
        StepPath.area(svg, frame, series.gpus(), y, series.colour(), series.policy());
      } else {
        StepPath.line(svg, frame, series.gpus(), y, series.colour(), series.policy());
      }
      legend.add(
          new Legend.Entry(
              series.policy(),
              series.policy() + (series.policy().startsWith("S") ? " (carbonq)" : ""),
              series.area() ? Legend.Swatch.BAR : Legend.Swatch.LINE,
              series.colour()));
    }
    svg.close("g");
    legend.add(
        new Legend.Entry(
            POOL, "pool size: " + capacity + " GPUs", Legend.Swatch.DASHED, POOL_COLOUR));
    return axesAndLegend(
        svg, plot, y, "GPUs running in region " + region + ", mean over each hour", legend);
  }

  /** A panel's frame, under its title from {@code top}, across the chart. */
  private static Box frame(double top, double height) {
    return new Box(
        ComparisonChart.LEFT, top + 24, ComparisonChart.RIGHT - ComparisonChart.LEFT, height);
  }

  /** Writes the y axis titled {@code yTitle}, the days and the legend, closes the panel. */
  private double axesAndLegend(
      Svg svg, Plot plot, Scale y, String yTitle, List<Legend.Entry> legend) {
    plot.axis(svg, "y", plot.yTicks(y), plot.yTitle(yTitle));
    plot.axis(svg, "x", dayTicks(plot), plot.xTitle(timeTitle()));
    double bottom =
        Legend.draw(svg, legend, ComparisonChart.LEFT, plot.belowXAxis(), plot.frame().width());
    plot.close(svg);
    return bottom;
  }

  private String timeTitle() {
    return "time, UTC (a tick at each midnight; the week from " + START.format(from) + ")";
  }

  private void grid(Svg svg, Plot plot, Scale y) {
    plot.openLayer(svg, "grid");
    plot.horizontalGrid(svg, y.ticks().stream().map(y::at).toList(), "#eeeeee");
    plot.verticalGrid(svg, midnights().stream().map(t -> timeAt(plot, t)).toList(), "#e0e0e0");
    svg.close("g");
  }

  private List<Instant> midnights() {
    Instant first = from.truncatedTo(ChronoUnit.DAYS);
    if (first.isBefore(from)) {
      first = first.plus(Duration.ofDays(1));
    }
    List<Instant> midnights = new ArrayList<>();
    for (Instant t = first; !t.isAfter(from.plus(WEEK)); t = t.plus(Duration.ofDays(1))) {
      midnights.add(t);
    }
    return midnights;
  }

  private double timeAt(Plot plot, Instant t) {
    double share = Duration.between(from, t).toNanos() / (double) WEEK.toNanos();
    return plot.frame().x() + share * plot.frame().width();
  }

  private List<Label> dayTicks(Plot plot) {
    List<Label> labels = new ArrayList<>();
    for (Instant midnight : midnights()) {
      labels.add(
          new Label(
                  DAY.format(midnight),
                  timeAt(plot, midnight),
                  plot.frame().bottom() + 14,
                  Plot.TICK_SIZE,
                  Label.Anchor.MIDDLE)
              .within(0, ComparisonChart.WIDTH));
    }
    return labels;
  }

  private static List<Double> list(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(value);
    }
    return list;
  }
}
