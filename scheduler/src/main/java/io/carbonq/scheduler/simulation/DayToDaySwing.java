package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;

/**
 * How much a zone's intensity changes from one day to the next at the same time of day: the
 * standard deviation, gCO2e/kWh, of {@code x(t + 24 h) − x(t)} over every pair without a gap. It is
 * the error of a forecast that repeats yesterday, so it measures the weather-driven variability
 * that forecasts get wrong and leaves out the daily cycle they foresee: a solar grid swings widely
 * within the day, predictably, and little from one day to the next.
 */
final class DayToDaySwing {
  private DayToDaySwing() {}

  static double gramsPerKwh(IntensitySeries series) {
    long day = Duration.ofDays(1).dividedBy(series.step());
    double sum = 0;
    double sumSquares = 0;
    int count = 0;
    for (int i = 0; i + day < series.size(); i++) {
      double change = series.gramsPerKwh((int) (i + day)) - series.gramsPerKwh(i);
      if (!Double.isNaN(change)) {
        sum += change;
        sumSquares += change * change;
        count++;
      }
    }
    if (count < 2) {
      throw new IllegalArgumentException(
          "zone " + series.zone() + ": too short to measure its day-to-day swing: " + series);
    }
    double mean = sum / count;
    return Math.sqrt((sumSquares - count * mean * mean) / (count - 1));
  }
}
