package io.carbonq.scheduler.cli.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear map from data values to px over {@code [min, max]}, a domain widened from the data to
 * whole multiples of a round {@code step} (1, 2 or 5 × 10ⁿ) so that the ticks are round numbers.
 * {@code from} is where {@code min} lands; for a y axis it is the frame's bottom.
 */
record Scale(double min, double max, double step, double from, double to) {

  Scale {
    if (!(max > min && step > 0)) {
      throw new IllegalArgumentException("a scale needs min < max, got " + min + ", " + max);
    }
  }

  /** A scale holding every finite value of {@code values}, and zero when {@code withZero}. */
  static Scale holding(List<Double> values, boolean withZero, double from, double to, int ticks) {
    double low = withZero ? 0 : Double.POSITIVE_INFINITY;
    double high = withZero ? 0 : Double.NEGATIVE_INFINITY;
    for (double value : values) {
      if (Double.isFinite(value)) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    if (low > high) {
      low = 0;
      high = 1;
    }
    if (high - low < 1e-9) {
      double pad = Math.max(1, Math.abs(high) * 0.1);
      low = withZero && low >= 0 ? low : low - pad;
      high = high + pad;
    }
    double step = roundStep((high - low) / Math.max(1, ticks));
    return new Scale(
        Math.floor(low / step + 1e-9) * step, Math.ceil(high / step - 1e-9) * step, step, from, to);
  }

  private static double roundStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double normalised = raw / magnitude;
    double round = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
    return round * magnitude;
  }

  /** The same scale with a step of at least 1, for counts. */
  Scale wholeSteps() {
    return step >= 1 ? this : new Scale(Math.floor(min), Math.ceil(max), 1, from, to);
  }

  double at(double value) {
    return from + (value - min) / (max - min) * (to - from);
  }

  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long count = Math.round((max - min) / step);
    for (long i = 0; i <= count; i++) {
      double tick = min + i * step;
      ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
    }
    return ticks;
  }

  /** A tick as text, with as many decimals as the step needs. */
  String format(double tick) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", tick);
  }
}
