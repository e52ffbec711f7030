package io.carbonq.forecasts.http;

import io.carbonq.forecasts.api.ForecastException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces requests evenly: at most {@code requestsPerMinute}, each one waiting for its turn. Even
 * spacing (rather than bursts) keeps within quotas measured over any rolling window.
 */
final class RateLimiter {
  private final Duration interval;
  private final Clock clock;
  private final Sleeper sleeper;
  private Instant nextFree = Instant.MIN;

  RateLimiter(double requestsPerMinute, Clock clock, Sleeper sleeper) {
    this.interval = Duration.ofNanos((long) (60e9 / requestsPerMinute));
    this.clock = clock;
    this.sleeper = sleeper;
  }

  void acquire(String source) {
    Duration wait;
    synchronized (this) {
      Instant now = clock.instant();
      Instant slot = nextFree.isAfter(now) ? nextFree : now;
      nextFree = slot.plus(interval);
      wait = Duration.between(now, slot);
    }
    // Waits below a millisecond are not worth a sleep; the next caller absorbs them.
    if (wait.toMillis() >= 1) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ForecastException("source '" + source + "': interrupted while rate limited");
      }
    }
  }
}
