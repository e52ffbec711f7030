package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.simulation.ForecastVintages.Vintage;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * F4 where the real forecasts exist: the zone the vintages forecast, at issue times from the first
 * vintage to half an hour after the last, with the latest vintage issued by then (so a missing
 * issue slot falls back on the one before it, as a scheduler polling the API would).
 */
final class VintageReplay {
  /** The zone the bundled vintages forecast. */
  static final String ZONE = "GB";

  private final ForecastVintages vintages;

  VintageReplay(ForecastVintages vintages) {
    this.vintages = vintages;
  }

  /** The vintage a scheduler in {@code zone} would hold at {@code issuedAt}, if any. */
  Optional<Vintage> vintageFor(String zone, Instant issuedAt) {
    if (!zone.equals(ZONE)
        || issuedAt.isBefore(vintages.firstIssue())
        || !issuedAt.isBefore(vintages.lastIssue().plus(ForecastVintages.PERIOD))) {
      return Optional.empty();
    }
    return vintages.latestIssuedAtOrBefore(issuedAt);
  }

  /**
   * The vintage's error, gCO2e/kWh, for the period {@code [from, to)}: the mean error of its half
   * hours in the period that it covers and that have an actual; empty when there are none.
   */
  static OptionalDouble errorGramsPerKwh(Vintage vintage, Instant from, Instant to) {
    double sum = 0;
    int count = 0;
    for (Instant time = from; time.isBefore(to); time = time.plus(ForecastVintages.PERIOD)) {
      int lead = vintage.leadOf(time);
      if (lead >= 0 && !Double.isNaN(vintage.errorGramsPerKwh(lead))) {
        sum += vintage.errorGramsPerKwh(lead);
        count++;
      }
    }
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
  }
}
