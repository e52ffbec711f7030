package io.carbonq.scheduler.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.config.RegionConfig;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The bundled cloud-region catalog against the bundled carbon data. */
class RegionZonesTest {
  /** Zones with no bundled data at all: served only by a live source. */
  static final Set<String> LIVE_ONLY = Set.of("IN-SO", "US-NW-GCPD", "US-NW-WACM");

  final CarbonqConfig config = ConfigLoader.parse("pools: []\n", "test");
  final ForecastSource offline =
      new ForecastSources(
              config, Map.of(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Path.of("unused"))
          .chain();

  @Test
  void everyBundledRegionHasOfflineDataForItsZoneOrIsKnownToNeedALiveSource() {
    Set<String> missing = new TreeSet<>();
    for (RegionConfig region : config.regions()) {
      if (!offline.zones().contains(region.zone())) {
        missing.add(region.zone());
      }
    }

    assertThat(missing).isEqualTo(LIVE_ONLY);
    assertThat(config.regions()).hasSizeGreaterThanOrEqualTo(95);
  }

  @Test
  void aRegionAnswersWithItsZoneAndAForecastForIt() {
    Fleet fleet = new Fleet(config);
    Instant at = Instant.parse("2023-06-01T00:00:00Z");

    assertThat(fleet.region("aws:eu-west-1").zone()).isEqualTo("IE");
    assertThat(offline.forecast("IE", at, Duration.ofHours(24)).source())
        .isEqualTo("annual-average (Cloud Carbon Footprint factor of AWS eu-west-1)");
    assertThat(fleet.region("Azure:WestUS2").zone()).isEqualTo("US-NW-GCPD");
  }

  @Test
  void anUnknownRegionIsAnsweredWithTheClosestNames() {
    Fleet fleet = new Fleet(config);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fleet.region("aws:us-east-3"))
        .isInstanceOf(UnknownNameException.class)
        .hasMessageContaining("did you mean aws:us-east-1 or aws:us-east-2");
  }
}
