package io.carbonq.forecasts.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A provider of grid carbon intensity per zone. Implementations fetch and convert units only: every
 * series they return is in UTC and gCO2e/kWh. Implementations are thread-safe.
 */
public interface ForecastSource {

  /** A short stable name used in configuration and in decisions, e.g. {@code trace}. */
  String id();

  /**
   * The zones this source can answer for. A network source may ask its API once.
   *
   * @throws ForecastException if the source cannot say now
   */
  Set<String> zones();

  /**
   * How often the source publishes new data; asking again sooner returns nothing new, so callers
   * refresh on this cadence and cache in between.
   */
  default Duration refreshInterval() {
    return Duration.ofHours(1);
  }

  /**
   * The forecast as it was known at {@code issuedAt}, covering at least {@code [issuedAt, issuedAt
   * + horizon)} where the source has data; periods beyond its reach are gaps or absent.
   *
   * @throws UnknownZoneException if the source does not serve {@code zone}
   * @throws ForecastException if the source cannot answer now
   */
  IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon);

  /**
   * What was measured over {@code [from, to)}.
   *
   * @throws UnknownZoneException if the source does not serve {@code zone}
   * @throws ForecastException if the source cannot answer now
   */
  IntensitySeries actuals(String zone, Instant from, Instant to);
}
