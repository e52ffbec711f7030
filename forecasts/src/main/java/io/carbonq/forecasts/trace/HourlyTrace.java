package io.carbonq.forecasts.trace;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One calendar year of hourly intensity for one zone, as bundled: gapless, UTC, gCO2e/kWh. */
record HourlyTrace(String zone, int year, double[] gramsPerKwh) {

  HourlyTrace {
    gramsPerKwh = gramsPerKwh.clone();
    int expected = LocalDate.of(year, 1, 1).lengthOfYear() * 24;
    if (gramsPerKwh.length != expected) {
      throw new IllegalArgumentException(
          "trace "
              + zone
              + " "
              + year
              + " has "
              + gramsPerKwh.length
              + " hours, expected "
              + expected);
    }
  }

  Instant start() {
    return LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  Instant end() {
    return start().plus(Duration.ofHours(gramsPerKwh.length));
  }

  boolean covers(Instant hour) {
    return !hour.isBefore(start()) && hour.isBefore(end());
  }

  /** The value for the hour starting at {@code hour}, which must be covered. */
  double at(Instant hour) {
    return gramsPerKwh[(int) Duration.between(start(), hour).toHours()];
  }
}
