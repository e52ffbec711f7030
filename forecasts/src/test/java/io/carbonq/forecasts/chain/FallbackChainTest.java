package io.carbonq.forecasts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import io.carbonq.forecasts.trace.AnnualAverageSource;
import io.carbonq.forecasts.trace.SeasonalProfileSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FallbackChainTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  final FakeSource watttime =
      new FakeSource("watttime", Set.of("DE", "GB"), 300, Duration.ofHours(24));
  final FakeSource electricitymaps =
      new FakeSource("electricitymaps", Set.of("DE", "GB"), 200, Duration.ofHours(24));
  final FakeSource uk =
      new FakeSource("uk-carbon-intensity", Set.of("GB"), 100, Duration.ofHours(48));
  final SeasonalProfileSource seasonal = new SeasonalProfileSource(TraceLibrary.bundled());

  FallbackChain chain() {
    return new FallbackChain(
        List.of(watttime, electricitymaps),
        Map.of("GB", List.of(uk, electricitymaps)),
        List.of(seasonal, AnnualAverageSource.bundled()));
  }

  @Test
  void eachZoneAsksItsOwnOrder() {
    assertThat(chain().forecast("DE", NOW, Duration.ofHours(24)).source()).isEqualTo("watttime");
    assertThat(chain().forecast("GB", NOW, Duration.ofHours(24)).source())
        .isEqualTo("uk-carbon-intensity");
    assertThat(chain().orderFor("GB")).isEqualTo("uk-carbon-intensity>electricitymaps");
    assertThat(chain().orderFor("FR")).isEqualTo("watttime>electricitymaps");
  }

  @Test
  void aFailingSourcePassesToTheNextAndTheLabelSaysSo() {
    watttime.down = true;

    IntensitySeries series = chain().forecast("DE", NOW, Duration.ofHours(24));

    assertThat(series.gramsPerKwh(0)).isEqualTo(200);
    assertThat(series.source()).isEqualTo("electricitymaps (fallback: watttime failed)");
  }

  @Test
  void whenEverySourceFailsEachReasonIsGiven() {
    watttime.down = true;
    electricitymaps.down = true;

    assertThatThrownBy(() -> chain().forecast("DE", NOW, Duration.ofHours(24)))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("no source answered for zone DE")
        .hasMessageContaining("watttime: source 'watttime' failed 4 times")
        .hasMessageContaining("electricitymaps: source 'electricitymaps' failed 4 times");
  }

  @Test
  void aDeadlineBeyondTheProviderHorizonIsCoveredByTheSeasonalProfileAndMarked() {
    IntensitySeries series = chain().forecast("DE", NOW, Duration.ofHours(72));
    IntensitySeries profile = seasonal.forecast("DE", NOW, Duration.ofHours(72));

    assertThat(series.end()).isEqualTo(NOW.plus(Duration.ofHours(72)));
    assertThat(series.step()).isEqualTo(Duration.ofMinutes(30));
    assertThat(series.gramsPerKwhAt(NOW.plus(Duration.ofHours(23)))).isEqualTo(300);
    Instant beyond = NOW.plus(Duration.ofHours(50));
    assertThat(series.gramsPerKwhAt(beyond)).isCloseTo(profile.gramsPerKwhAt(beyond), within(1e-9));
    assertThat(series.parts())
        .containsExactly(
            new SeriesPart(NOW, "watttime"),
            new SeriesPart(NOW.plus(Duration.ofHours(24)), profile.source()));
    assertThat(series.source()).isEqualTo("watttime + " + profile.source());
  }

  @Test
  void aZoneWithoutHistoryIsExtendedByItsAnnualAverage() {
    FakeSource pl = new FakeSource("electricitymaps", Set.of("PL"), 700, Duration.ofHours(6));
    FallbackChain chain =
        new FallbackChain(List.of(pl), Map.of(), List.of(seasonal, AnnualAverageSource.bundled()));
    AnnualAverageSource annual = AnnualAverageSource.bundled();
    assertThat(seasonal.zones()).doesNotContain("PL");

    IntensitySeries series = chain.forecast("PL", NOW, Duration.ofHours(12));

    assertThat(series.gramsPerKwhAt(NOW.plus(Duration.ofHours(8))))
        .isEqualTo(annual.forecast("PL", NOW, Duration.ofHours(1)).gramsPerKwh(0));
    assertThat(series.parts()).hasSize(2);
  }

  @Test
  void aForecastThatReachesTheHorizonIsLeftAlone() {
    IntensitySeries series = chain().forecast("GB", NOW, Duration.ofHours(48));

    assertThat(series.parts()).containsExactly(new SeriesPart(NOW, "uk-carbon-intensity"));
  }
}
