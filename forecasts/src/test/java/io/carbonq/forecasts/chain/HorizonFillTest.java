package io.carbonq.forecasts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.trace.AnnualAverageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HorizonFillTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  final AnnualAverageSource annual = AnnualAverageSource.bundled();

  @Test
  void aGapInsideAForecastIsFilledAndMarkedAsItsOwnPart() {
    IntensitySeries withGap =
        new IntensitySeries(
            "PL",
            NOW,
            Duration.ofMinutes(30),
            new double[] {700, Double.NaN, Double.NaN, 690},
            SignalKind.AVERAGE,
            DataKind.FORECAST,
            "electricitymaps");
    double average = annual.forecast("PL", NOW, Duration.ofHours(1)).gramsPerKwh(0);

    IntensitySeries filled = HorizonFill.fill(withGap, NOW, Duration.ofHours(2), List.of(annual));

    assertThat(filled.values()).containsExactly(700, average, average, 690);
    assertThat(filled.parts())
        .extracting(SeriesPart::source)
        .containsExactly(
            "electricitymaps",
            annual.forecast("PL", NOW, Duration.ofHours(1)).source(),
            "electricitymaps");
    assertThat(filled.parts().get(1).from()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
  }

  @Test
  void withoutAProfileForTheZoneTheForecastIsReturnedAsItIs() {
    IntensitySeries shortOne =
        new IntensitySeries(
            "XX",
            NOW,
            Duration.ofHours(1),
            new double[] {100},
            SignalKind.AVERAGE,
            DataKind.FORECAST,
            "somewhere");

    assertThat(HorizonFill.fill(shortOne, NOW, Duration.ofHours(24), List.of(annual)))
        .isSameAs(shortOne);
  }
}
