package io.carbonq.forecasts.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.chain.ForecastCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");
  static final Duration HALF_HOUR = Duration.ofMinutes(30);

  static IntensitySeries series(double[] values, DataKind kind, String source) {
    return new IntensitySeries("GB", T0, HALF_HOUR, values, SignalKind.AVERAGE, kind, source);
  }

  @Test
  void errorsAreSortedIntoLeadTimeBandsWithMapeAndBias() {
    Random random = new Random(11);
    double[] actual = new double[200];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = 80 + random.nextDouble() * 200;
    }
    // A forecast 10% high for its first 12 hours and 20% low after.
    double[] forecast = new double[96];
    double nearBias = 0;
    double farBias = 0;
    for (int i = 0; i < forecast.length; i++) {
      forecast[i] = i < 24 ? actual[i] * 1.1 : actual[i] * 0.8;
      if (i >= 12 && i < 24) {
        nearBias += forecast[i] - actual[i];
      }
      if (i >= 48) {
        farBias += forecast[i] - actual[i];
      }
    }
    ForecastCache.Entry issued =
        new ForecastCache.Entry(
            "uk-carbon-intensity", T0, series(forecast, DataKind.FORECAST, "uk"));

    List<AccuracyRow> rows =
        ForecastAccuracy.measure(
            List.of(issued), Map.of("GB", series(actual, DataKind.ACTUAL, "uk")));

    assertThat(rows)
        .extracting(AccuracyRow::leadBand)
        .containsExactly("0-6h", "6-12h", "12-24h", "24-48h");
    assertThat(rows).extracting(AccuracyRow::points).containsExactly(12, 12, 24, 48);
    assertThat(rows.get(0).mapePercent()).isCloseTo(10, within(1e-9));
    assertThat(rows.get(1).biasGramsPerKwh()).isCloseTo(nearBias / 12, within(1e-9));
    assertThat(rows.get(2).mapePercent()).isCloseTo(20, within(1e-9));
    assertThat(rows.get(3).biasGramsPerKwh()).isCloseTo(farBias / 48, within(1e-9));
  }

  @Test
  void periodsWithoutAMeasurementOrAlreadyOverAreLeftOut() {
    double[] actual = {100, 100, Double.NaN, 100};
    double[] forecast = {150, 110, 120, 130};
    ForecastCache.Entry fetchedLate =
        new ForecastCache.Entry(
            "uk", T0.plus(Duration.ofMinutes(40)), series(forecast, DataKind.FORECAST, "uk"));

    List<AccuracyRow> rows =
        ForecastAccuracy.measure(
            List.of(fetchedLate), Map.of("GB", series(actual, DataKind.ACTUAL, "uk")));

    // Period 0 ended before the fetch; period 2 has no measurement.
    assertThat(rows)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.points()).isEqualTo(2);
              assertThat(row.mapePercent()).isCloseTo(20, within(1e-9));
            });
  }

  @Test
  void bandsAreNamedByTheirEdges() {
    assertThat(ForecastAccuracy.band(Duration.ZERO)).isEqualTo("0-6h");
    assertThat(ForecastAccuracy.band(Duration.ofHours(6))).isEqualTo("6-12h");
    assertThat(ForecastAccuracy.band(Duration.ofHours(47))).isEqualTo("24-48h");
    assertThat(ForecastAccuracy.band(Duration.ofHours(70))).isEqualTo("48h+");
  }
}
