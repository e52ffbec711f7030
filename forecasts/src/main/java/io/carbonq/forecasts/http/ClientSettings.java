package io.carbonq.forecasts.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How one source is called: where, how long to wait, how often to retry and how fast to go.
 *
 * @param endpoint base URL; the source appends its paths to it
 * @param timeout for the whole call, connection and body included
 * @param maxAttempts attempts per request, the first included
 * @param firstRetryDelay the backoff before the second attempt; it doubles after each failure
 * @param maxRetryDelay no wait is longer, and a {@code Retry-After} beyond it ends the retries
 * @param requestsPerMinute client-side limit, so carbonq stays within the provider's quota
 */
public record ClientSettings(
    URI endpoint,
    Duration timeout,
    int maxAttempts,
    Duration firstRetryDelay,
    Duration maxRetryDelay,
    double requestsPerMinute) {

  public ClientSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (requestsPerMinute <= 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute must be positive, got " + requestsPerMinute);
    }
  }

  /** Defaults that suit the public APIs: 10 s timeout, 4 attempts from 1 s up to 60 s. */
  public static ClientSettings defaults(String endpoint, double requestsPerMinute) {
    return new ClientSettings(
        URI.create(endpoint),
        Duration.ofSeconds(10),
        4,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        requestsPerMinute);
  }

  public ClientSettings withEndpoint(String url) {
    return new ClientSettings(
        URI.create(url), timeout, maxAttempts, firstRetryDelay, maxRetryDelay, requestsPerMinute);
  }

  public ClientSettings withTimeout(Duration newTimeout) {
    return new ClientSettings(
        endpoint, newTimeout, maxAttempts, firstRetryDelay, maxRetryDelay, requestsPerMinute);
  }

  public ClientSettings withRetries(int attempts, Duration first, Duration max) {
    return new ClientSettings(endpoint, timeout, attempts, first, max, requestsPerMinute);
  }

  public ClientSettings withRequestsPerMinute(double limit) {
    return new ClientSettings(
        endpoint, timeout, maxAttempts, firstRetryDelay, maxRetryDelay, limit);
  }
}
