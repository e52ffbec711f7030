package io.carbonq.forecasts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntensitySeriesTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");

  static IntensitySeries hourly(double... values) {
    return new IntensitySeries(
        "DE", T0, Duration.ofHours(1), values, SignalKind.AVERAGE, DataKind.FORECAST, "test");
  }

  @ParameterizedTest(name = "[{0}, {1}) -> {2}")
  @CsvSource({
    "PT0H, PT1H, 100",
    "PT0H, PT2H, 150",
    "PT0H, PT3H, 200",
    "PT0H30M, PT1H30M, 150",
    "PT0H45M, PT2H15M, 200",
    "PT0H30M, PT2H, 166.66666666666666",
    "PT2H, PT3H, 300",
  })
  void meanIsTimeWeightedOverAnyWindow(Duration from, Duration to, double expected) {
    IntensitySeries series = hourly(100, 200, 300);

    assertThat(series.meanGramsPerKwh(T0.plus(from), T0.plus(to)))
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void meanIsNaNWhereAnyPartHasNoData() {
    IntensitySeries series = hourly(100, Double.NaN, 300);

    assertThat(series.meanGramsPerKwh(T0, T0.plusSeconds(3600))).isEqualTo(100);
    assertThat(series.meanGramsPerKwh(T0, T0.plusSeconds(7200))).isNaN();
    assertThat(series.meanGramsPerKwh(T0.minusSeconds(1), T0.plusSeconds(3600))).isNaN();
    assertThat(series.meanGramsPerKwh(T0, T0.plusSeconds(3 * 3600 + 1))).isNaN();
    assertThat(series.meanGramsPerKwh(T0, T0)).isNaN();
  }

  @Test
  void valueAtIsThePeriodInForce() {
    IntensitySeries series = hourly(100, 200);

    assertThat(series.gramsPerKwhAt(T0.plusSeconds(3599))).isEqualTo(100);
    assertThat(series.gramsPerKwhAt(T0.plusSeconds(3600))).isEqualTo(200);
    assertThat(series.gramsPerKwhAt(T0.plusSeconds(7200))).isNaN();
    assertThat(series.end()).isEqualTo(T0.plusSeconds(7200));
  }

  @Test
  void rejectsNegativeIntensityNamingZoneAndTime() {
    assertThatThrownBy(() -> hourly(100, -5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zone DE: intensity at 2023-03-01T01:00:00Z must be >= 0, got -5.0");
  }

  @Test
  void isImmutable() {
    double[] values = {100, 200};
    IntensitySeries series = hourly(values);
    values[0] = 999;
    series.values()[1] = 999;

    assertThat(series.values()).containsExactly(100, 200);
  }

  @Test
  void partsMustStartWithTheSeriesAndKeepTimeOrder() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Instant later = start.plusSeconds(3600);
    double[] values = {1, 2};

    assertThatThrownBy(
            () ->
                new IntensitySeries(
                    "DE",
                    start,
                    Duration.ofHours(1),
                    values,
                    SignalKind.AVERAGE,
                    DataKind.FORECAST,
                    "a",
                    java.util.List.of(new SeriesPart(later, "a"))))
        .hasMessageContaining("first part must start at the series start");
    assertThatThrownBy(
            () ->
                new IntensitySeries(
                    "DE",
                    start,
                    Duration.ofHours(1),
                    values,
                    SignalKind.AVERAGE,
                    DataKind.FORECAST,
                    "a",
                    java.util.List.of(new SeriesPart(start, "a"), new SeriesPart(start, "b"))))
        .hasMessageContaining("time order");
  }

  @Test
  void relabellingASingleSourceSeriesRelabelsItsPartAndKeepsTheStitchedOnes() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    IntensitySeries single =
        new IntensitySeries(
            "DE",
            start,
            Duration.ofHours(1),
            new double[] {1, 2},
            SignalKind.AVERAGE,
            DataKind.FORECAST,
            "a");
    IntensitySeries stitched =
        new IntensitySeries(
            "DE",
            start,
            Duration.ofHours(1),
            new double[] {1, 2},
            SignalKind.AVERAGE,
            DataKind.FORECAST,
            "a + b",
            java.util.List.of(
                new SeriesPart(start, "a"), new SeriesPart(start.plusSeconds(3600), "b")));

    assertThat(single.withSource("a (fallback)").parts())
        .containsExactly(new SeriesPart(start, "a (fallback)"));
    assertThat(stitched.withSource("x").parts()).isEqualTo(stitched.parts());
  }
}
