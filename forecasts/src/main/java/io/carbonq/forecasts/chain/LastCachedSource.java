package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;

/**
 * The fallback step "last cached": when the live sources fail, the newest forecast any of them gave
 * for the zone, if it is younger than the staleness limit and still reaches past the time asked.
 * Its label says whose forecast it is and when it was fetched.
 */
public final class LastCachedSource implements ForecastSource {
  public static final String ID = "last-cached";

  private final ForecastCache cache;
  private final Duration maxAge;
  private final Clock clock;

  public LastCachedSource(ForecastCache cache, Duration maxAge, Clock clock) {
    this.cache = cache;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> zones() {
    return cache.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    Instant oldestAllowed = clock.instant().minus(maxAge);
    return cache.latestOfEachSource(zone).stream()
        .filter(entry -> !entry.fetchedAt().isBefore(oldestAllowed))
        .filter(entry -> entry.series().end().isAfter(issuedAt))
        .max(Comparator.comparing(ForecastCache.Entry::fetchedAt))
        .map(
            entry ->
                entry
                    .series()
                    .withSource(
                        ID + " " + entry.series().source() + " fetched " + entry.fetchedAt()))
        .orElseThrow(
            () ->
                new ForecastException(
                    "source '"
                        + ID
                        + "' holds no forecast for zone "
                        + zone
                        + " fetched within the last "
                        + maxAge.toHours()
                        + " h that reaches past "
                        + issuedAt));
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    throw new ForecastException("source '" + ID + "' keeps forecasts, not actuals");
  }
}
