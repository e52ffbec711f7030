package io.carbonq.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where fetched forecasts are kept across restarts, and how old one may be to stand in when every
 * live source fails.
 *
 * @param directory the cache directory; empty for the user's cache directory
 * @param maxAge the staleness limit of the {@code last-cached} fallback step
 */
public record ForecastCacheConfig(Optional<String> directory, Duration maxAge) {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

  public static ForecastCacheConfig defaults() {
    return new ForecastCacheConfig(Optional.empty(), DEFAULT_MAX_AGE);
  }
}
