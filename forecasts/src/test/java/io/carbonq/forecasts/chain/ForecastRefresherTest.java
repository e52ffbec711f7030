package io.carbonq.forecasts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.trace.AnnualAverageSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastRefresherTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  @TempDir Path dir;

  @Test
  void eachSourceIsFetchedOnItsOwnCadenceAndFailuresAreRetriedNextTime() {
    FakeSource uk = new FakeSource("uk", Set.of("GB"), 150, Duration.ofHours(48));
    FakeSource fiveMinutes =
        new FakeSource("fast", Set.of("GB", "DE"), 300, Duration.ofHours(24)) {
          @Override
          public Duration refreshInterval() {
            return Duration.ofMinutes(5);
          }
        };
    ForecastCacheTest.SetClock clock = new ForecastCacheTest.SetClock(NOW);
    ForecastCache cache = new ForecastCache(dir);
    ForecastRefresher refresher =
        new ForecastRefresher(
            List.of(
                new CachedSource(uk, cache, clock),
                new CachedSource(fiveMinutes, cache, clock),
                AnnualAverageSource.bundled()),
            Set.of("GB", "DE"),
            cache,
            Duration.ofHours(48),
            clock);

    assertThat(refresher.tasks()).hasSize(3);
    assertThat(refresher.shortestInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(refresher.refreshDue()).hasSize(3).allMatch(ForecastRefresher.Outcome::ok);

    clock.now = NOW.plus(Duration.ofMinutes(6));
    fiveMinutes.down = true;
    List<ForecastRefresher.Outcome> second = refresher.refreshDue();
    assertThat(second).extracting(ForecastRefresher.Outcome::sourceId).containsOnly("fast");
    assertThat(second).noneMatch(ForecastRefresher.Outcome::ok);

    clock.now = NOW.plus(Duration.ofMinutes(7));
    fiveMinutes.down = false;
    assertThat(refresher.refreshDue()).hasSize(2).allMatch(ForecastRefresher.Outcome::ok);

    clock.now = NOW.plus(Duration.ofMinutes(31));
    assertThat(refresher.refreshDue())
        .extracting(ForecastRefresher.Outcome::sourceId)
        .containsExactlyInAnyOrder("uk", "fast", "fast");
  }
}
