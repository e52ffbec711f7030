package io.carbonq.scheduler.energy;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;

/** Energy × measured intensity × PUE, interval by interval; pure. */
public final class FootprintCalculator {
  private FootprintCalculator() {}

  /** kgCO2e of {@code profile} under {@code actuals}; NaN if any interval has no data. */
  public static double kgCo2e(EnergyProfile profile, IntensitySeries actuals, double pue) {
    double grams = 0;
    Duration step = profile.step();
    for (int i = 0; i < profile.kwh().length; i++) {
      Instant from = profile.start().plus(step.multipliedBy(i));
      double intensity = actuals.meanGramsPerKwh(from, from.plus(step));
      if (Double.isNaN(intensity)) {
        return Double.NaN;
      }
      grams += profile.kwh()[i] * intensity * pue;
    }
    return grams / 1000;
  }
}
