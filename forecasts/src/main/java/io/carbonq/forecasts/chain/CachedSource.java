package io.carbonq.forecasts.chain;

import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A network source behind the cache: a forecast asked for again within the source's refresh
 * interval is answered from the cache without a call (the APIs are rate-limited or billed), and
 * every forecast fetched is stored. Failures pass through; answering from an older cached forecast
 * is the fallback chain's {@link LastCachedSource} step, so fresher sources come first.
 */
public final class CachedSource implements ForecastSource {
  private final ForecastSource inner;
  private final ForecastCache cache;
  private final Clock clock;

  public CachedSource(ForecastSource inner, ForecastCache cache, Clock clock) {
    this.inner = inner;
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public String id() {
    return inner.id();
  }

  @Override
  public Duration refreshInterval() {
    return inner.refreshInterval();
  }

  @Override
  public Set<String> zones() {
    return inner.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    Instant now = clock.instant();
    Optional<ForecastCache.Entry> cached = cache.latest(inner.id(), zone);
    if (cached.isPresent() && stillCurrent(cached.get(), now, issuedAt)) {
      return cached.get().series();
    }
    IntensitySeries fresh = inner.forecast(zone, issuedAt, horizon);
    cache.store(inner.id(), now, fresh);
    return fresh;
  }

  /** Fetched within the refresh interval, for a time the forecast still covers. */
  private boolean stillCurrent(ForecastCache.Entry entry, Instant now, Instant issuedAt) {
    Duration age = Duration.between(entry.fetchedAt(), now);
    return !age.isNegative()
        && age.compareTo(inner.refreshInterval()) < 0
        && !issuedAt.isBefore(entry.fetchedAt().minus(inner.refreshInterval()))
        && issuedAt.isBefore(entry.series().end());
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return inner.actuals(zone, from, to);
  }
}
