package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Turns the points of a response into a regular series: sorted, a repeated period keeps its last
 * value, missing periods become gaps, and values no grid can have (negative, not a number, above
 * {@link #IMPLAUSIBLE} gCO2e/kWh) become gaps instead of decisions. Points off the step grid are
 * dropped.
 */
public final class PointSeries {
  /** No grid's hourly intensity reaches this; the dirtiest lignite plants emit about 1,200. */
  public static final double IMPLAUSIBLE = 2500;

  private final String source;
  private final String zone;
  private final TreeMap<Instant, Double> points = new TreeMap<>();

  public PointSeries(String source, String zone) {
    this.source = source;
    this.zone = zone;
  }

  public PointSeries add(Instant start, double gramsPerKwh) {
    points.put(start, gramsPerKwh);
    return this;
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /**
   * The series with {@code step}, clipped to {@code [from, to)} when those are given (null for open
   * ends).
   */
  public IntensitySeries build(
      Duration step, Instant from, Instant to, SignalKind signal, DataKind kind, String label) {
    var window = points;
    if (!points.isEmpty() && (from != null || to != null)) {
      Instant lower = from == null ? points.firstKey() : floorTo(from, points.firstKey(), step);
      window = new TreeMap<>(points.tailMap(lower, true));
      if (to != null) {
        window = new TreeMap<>(window.headMap(to, false));
      }
    }
    if (window.isEmpty()) {
      throw new ForecastException(
          "source '"
              + source
              + "' returned no data for zone "
              + zone
              + (from == null ? "" : " from " + from)
              + (to == null ? "" : " to " + to));
    }
    Instant start = window.firstKey();
    long stepNanos = step.toNanos();
    int size = (int) (Duration.between(start, window.lastKey()).toNanos() / stepNanos) + 1;
    double[] values = new double[size];
    Arrays.fill(values, Double.NaN);
    window.forEach(
        (time, value) -> {
          long offset = Duration.between(start, time).toNanos();
          if (offset % stepNanos == 0 && plausible(value)) {
            values[(int) (offset / stepNanos)] = value;
          }
        });
    return new IntensitySeries(zone, start, step, values, signal, kind, label);
  }

  /** The most common distance between neighbouring points, or {@code otherwise} with fewer. */
  public Duration commonStep(Duration otherwise) {
    TreeMap<Duration, Integer> counts = new TreeMap<>();
    Instant previous = null;
    for (Instant time : points.keySet()) {
      if (previous != null) {
        counts.merge(Duration.between(previous, time), 1, Integer::sum);
      }
      previous = time;
    }
    return counts.entrySet().stream()
        .max(java.util.Map.Entry.comparingByValue())
        .map(java.util.Map.Entry::getKey)
        .orElse(otherwise);
  }

  private static boolean plausible(double value) {
    return value >= 0 && value < IMPLAUSIBLE && !Double.isNaN(value);
  }

  /** The period start at or before {@code time} on the grid through {@code anchor}. */
  private static Instant floorTo(Instant time, Instant anchor, Duration step) {
    long offset = Duration.between(anchor, time).toNanos();
    long steps = Math.floorDiv(offset, step.toNanos());
    return anchor.plusNanos(steps * step.toNanos());
  }
}
