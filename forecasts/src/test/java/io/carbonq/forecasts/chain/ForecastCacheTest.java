package io.carbonq.forecasts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import io.carbonq.forecasts.api.SignalKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCacheTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  @TempDir Path dir;

  static IntensitySeries stitched() {
    return new IntensitySeries(
        "GB",
        NOW,
        Duration.ofMinutes(30),
        new double[] {120, Double.NaN, 140},
        SignalKind.AVERAGE,
        DataKind.FORECAST,
        "uk-carbon-intensity + seasonal-profile",
        List.of(
            new SeriesPart(NOW, "uk-carbon-intensity"),
            new SeriesPart(NOW.plus(Duration.ofMinutes(60)), "seasonal-profile")));
  }

  @Test
  void aStoredForecastSurvivesARestartWithItsGapsAndParts() {
    new ForecastCache(dir).store("uk-carbon-intensity", NOW, stitched());

    ForecastCache reopened = new ForecastCache(dir);

    ForecastCache.Entry entry = reopened.latest("uk-carbon-intensity", "GB").orElseThrow();
    assertThat(entry.series()).isEqualTo(stitched());
    assertThat(entry.fetchedAt()).isEqualTo(NOW);
    assertThat(reopened.zones()).containsExactly("GB");
    assertThat(reopened.archived()).hasSize(1);
  }

  @Test
  void theLatestReplacesTheOldAndTheArchiveKeepsBoth() throws Exception {
    ForecastCache cache = new ForecastCache(dir);
    cache.store("watttime", NOW, stitched());
    cache.store("watttime", NOW.plus(Duration.ofMinutes(5)), stitched());

    assertThat(cache.latest("watttime", "GB").orElseThrow().fetchedAt())
        .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(cache.archived())
        .extracting(ForecastCache.Entry::fetchedAt)
        .containsExactly(NOW, NOW.plus(Duration.ofMinutes(5)));
    try (var files = Files.list(dir.resolve("watttime"))) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("GB.json");
    }
  }

  @Test
  void aDamagedFileCountsAsAbsentAndADamagedArchiveLineIsSkipped() throws Exception {
    ForecastCache cache = new ForecastCache(dir);
    cache.store("watttime", NOW, stitched());
    Files.writeString(dir.resolve("watttime/GB.json"), "{\"fetchedAt\": \"2026-11-");
    Files.writeString(
        dir.resolve("archive/watttime/GB.jsonl"),
        "garbage\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(cache.latest("watttime", "GB")).isEmpty();
    assertThat(cache.archived()).hasSize(1);
  }

  @Test
  void namesThatCouldEscapeTheDirectoryAreRefused() {
    assertThatThrownBy(() -> new ForecastCache(dir).latest("../etc", "GB"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRepeatedAskWithinTheRefreshIntervalIsAnsweredWithoutACall() {
    FakeSource live = new FakeSource("electricitymaps", Set.of("DE"), 250, Duration.ofHours(24));
    SetClock clock = new SetClock(NOW);
    CachedSource cached = new CachedSource(live, new ForecastCache(dir), clock);

    cached.forecast("DE", NOW, Duration.ofHours(24));
    clock.now = NOW.plus(Duration.ofMinutes(20));
    cached.forecast("DE", clock.now, Duration.ofHours(24));
    assertThat(live.calls).isEqualTo(1);

    clock.now = NOW.plus(Duration.ofMinutes(31));
    cached.forecast("DE", clock.now, Duration.ofHours(24));
    assertThat(live.calls).isEqualTo(2);
  }

  @Test
  void whenTheLiveSourcesFailTheLastCachedForecastStandsInUntilItIsTooOld() {
    FakeSource live = new FakeSource("electricitymaps", Set.of("DE"), 250, Duration.ofHours(24));
    SetClock clock = new SetClock(NOW);
    ForecastCache cache = new ForecastCache(dir);
    new CachedSource(live, cache, clock).forecast("DE", NOW, Duration.ofHours(24));
    live.down = true;

    clock.now = NOW.plus(Duration.ofHours(5));
    FallbackChain chain =
        new FallbackChain(
            List.of(
                new CachedSource(live, new ForecastCache(dir), clock),
                new LastCachedSource(new ForecastCache(dir), Duration.ofHours(6), clock)),
            java.util.Map.of(),
            List.of());
    IntensitySeries series = chain.forecast("DE", clock.now, Duration.ofHours(12));

    assertThat(series.gramsPerKwhAt(clock.now)).isEqualTo(250);
    assertThat(series.source())
        .isEqualTo(
            "last-cached electricitymaps fetched 2026-11-27T12:00:00Z (fallback: electricitymaps failed)");

    clock.now = NOW.plus(Duration.ofHours(7));
    assertThatThrownBy(() -> chain.forecast("DE", clock.now, Duration.ofHours(12)))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("fetched within the last 6 h");
  }

  /** A clock the test sets. */
  static final class SetClock extends Clock {
    Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
