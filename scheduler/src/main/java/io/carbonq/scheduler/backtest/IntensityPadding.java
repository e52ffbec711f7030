package io.carbonq.scheduler.backtest;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A zone's measured intensity stretched to cover a backtest: it must cover the history itself, from
 * the first submission to the last recorded end; past its end it repeats its last week, so that
 * work a policy runs later than the history did has a plausible grid, and the output says so.
 */
final class IntensityPadding {
  private static final Duration REPEATED = Duration.ofDays(7);

  private IntensityPadding() {}

  /**
   * {@code series} over {@code from} to {@code until}: it must cover the history, {@code from} to
   * {@code lastEnd}; a note says so when its repeated week reaches before {@code lastDeadline}.
   */
  static IntensitySeries covering(
      IntensitySeries series,
      Instant from,
      Instant lastEnd,
      Instant lastDeadline,
      Instant until,
      List<String> notes) {
    if (series.start().isAfter(from)) {
      throw new IllegalArgumentException(
          "the intensity of zone "
              + series.zone()
              + " starts "
              + series.start()
              + ", after the history's first job arrives ("
              + from
              + "); give data from then on with --intensity");
    }
    if (series.end().isBefore(lastEnd)) {
      throw new IllegalArgumentException(
          "the intensity of zone "
              + series.zone()
              + " ends "
              + series.end()
              + ", before the history's last job ends ("
              + lastEnd
              + "); give data for the whole period with --intensity, or cut the history with --to");
    }
    if (!series.end().isBefore(until)) {
      return series;
    }
    int week = (int) (REPEATED.toSeconds() / series.step().toSeconds());
    if (series.size() < week) {
      throw new IllegalArgumentException(
          "the intensity of zone "
              + series.zone()
              + " holds less than a week; a backtest needs the history's period and more");
    }
    int extra =
        (int)
            ((Duration.between(series.end(), until).toSeconds() + series.step().toSeconds() - 1)
                / series.step().toSeconds());
    double[] values = Arrays.copyOf(series.values(), series.size() + extra);
    for (int i = series.size(); i < values.length; i++) {
      values[i] = values[i - week];
    }
    if (series.end().isBefore(lastDeadline)) {
      notes.add(
          "the intensity of zone "
              + series.zone()
              + " ends "
              + series.end()
              + ", before the last deadline ("
              + lastDeadline
              + "): after it, its last week repeats");
    }
    return new IntensitySeries(
        series.zone(),
        series.start(),
        series.step(),
        values,
        series.signal(),
        series.kind(),
        series.source() + " (last week repeated after " + series.end() + ")");
  }
}
