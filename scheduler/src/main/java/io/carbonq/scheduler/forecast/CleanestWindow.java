package io.carbonq.scheduler.forecast;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The start within a span that gives a run of a given length the lowest mean intensity, searched on
 * the series' own steps (and the span's start). Windows touching a gap are not candidates.
 */
public final class CleanestWindow {
  private CleanestWindow() {}

  /** A window and its time-weighted mean intensity. */
  public record Window(Instant start, Instant end, double meanGramsPerKwh) {}

  public static Optional<Window> find(
      IntensitySeries series, Instant from, Instant to, Duration length) {
    Window best = consider(series, from, length, null);
    for (int i = 0; i < series.size(); i++) {
      Instant start = series.timeOf(i);
      if (start.isAfter(from) && !start.plus(length).isAfter(to)) {
        best = consider(series, start, length, best);
      }
    }
    return Optional.ofNullable(best).filter(window -> !window.end().isAfter(to));
  }

  private static Window consider(
      IntensitySeries series, Instant start, Duration length, Window best) {
    double mean = series.meanGramsPerKwh(start, start.plus(length));
    if (Double.isNaN(mean) || (best != null && mean >= best.meanGramsPerKwh())) {
      return best;
    }
    return new Window(start, start.plus(length), mean);
  }
}
