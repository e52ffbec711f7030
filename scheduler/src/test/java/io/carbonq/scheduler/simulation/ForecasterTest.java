package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecasterTest {
  static final Instant YEAR = Instant.parse("2023-01-01T00:00:00Z");
  static final IntensitySeries GB =
      new TraceForecastSource(TraceLibrary.bundled())
          .actuals("GB", YEAR, YEAR.plus(Duration.ofDays(365)));
  static final LeadTimeErrors UK = LeadTimeErrors.measuredOnUkForecasts();

  @Test
  void leadTimeErrorsAreTheMeasuredUkForecastErrors() {
    assertThat(UK.underSixHours()).isCloseTo(0.1165, within(0.0001));
    assertThat(UK.sixToDay()).isCloseTo(0.1834, within(0.0001));
    assertThat(UK.dayOrMore()).isCloseTo(0.2739, within(0.0001));
  }

  @Test
  void perfectForecastIsTheActual() {
    Instant issued = Instant.parse("2023-05-01T10:00:00Z");
    IntensitySeries forecast =
        new Forecaster(ForecastMode.PERFECT, 1, UK).forecast(GB, issued, Duration.ofHours(48));

    assertThat(forecast.size()).isEqualTo(48);
    assertThat(forecast.gramsPerKwh(5))
        .isEqualTo(GB.gramsPerKwhAt(issued.plus(Duration.ofHours(5))));
  }

  @Test
  void persistenceRepeatsTheLastObservedDay() {
    Instant issued = Instant.parse("2023-05-01T10:00:00Z");
    IntensitySeries forecast =
        new Forecaster(ForecastMode.PERSISTENCE, 1, UK).forecast(GB, issued, Duration.ofHours(48));

    assertThat(forecast.gramsPerKwhAt(issued.plus(Duration.ofHours(3))))
        .isEqualTo(GB.gramsPerKwhAt(issued.plus(Duration.ofHours(3)).minus(Duration.ofDays(1))));
    assertThat(forecast.gramsPerKwhAt(issued.plus(Duration.ofHours(30))))
        .isEqualTo(GB.gramsPerKwhAt(issued.plus(Duration.ofHours(30)).minus(Duration.ofDays(2))));
  }

  @Test
  void noisyForecastHasTheRequestedMeanAbsolutePercentageErrorAndIsRepeatable() {
    Forecaster forecaster = new Forecaster(ForecastMode.noisy(0.10), 7, UK);
    double sum = 0;
    int count = 0;
    for (int day = 0; day < 200; day++) {
      Instant issued = YEAR.plus(Duration.ofDays(day));
      IntensitySeries forecast = forecaster.forecast(GB, issued, Duration.ofHours(24));
      for (int h = 0; h < forecast.size(); h++) {
        double actual = GB.gramsPerKwhAt(forecast.timeOf(h));
        sum += Math.abs(forecast.gramsPerKwh(h) - actual) / actual;
        count++;
      }
    }
    assertThat(sum / count).isCloseTo(0.10, within(0.005));
    Instant issued = YEAR.plus(Duration.ofDays(3));
    assertThat(forecaster.forecast(GB, issued, Duration.ofHours(24)))
        .isEqualTo(
            new Forecaster(ForecastMode.noisy(0.10), 7, UK)
                .forecast(GB, issued, Duration.ofHours(24)));
  }

  @Test
  void leadTimeForecastErrsMoreFurtherAhead() {
    Forecaster forecaster = new Forecaster(ForecastMode.UK_LEAD_TIME, 3, UK);
    double[] sums = new double[2];
    for (int day = 0; day < 200; day++) {
      Instant issued = YEAR.plus(Duration.ofDays(day));
      IntensitySeries forecast = forecaster.forecast(GB, issued, Duration.ofHours(48));
      for (int h = 0; h < 48; h++) {
        double actual = GB.gramsPerKwh((int) Duration.between(YEAR, forecast.timeOf(h)).toHours());
        sums[h < 6 ? 0 : h >= 24 ? 1 : 0] +=
            h < 6 || h >= 24 ? Math.abs(forecast.gramsPerKwh(h) - actual) / actual : 0;
      }
    }
    assertThat(sums[0] / (200 * 6)).isCloseTo(UK.underSixHours(), within(0.01));
    assertThat(sums[1] / (200 * 24)).isCloseTo(UK.dayOrMore(), within(0.015));
  }

  @Test
  void parsesTheModesItNames() {
    assertThat(ForecastMode.parse("F2:10")).isEqualTo(ForecastMode.noisy(0.10));
    assertThat(ForecastMode.parse("F3")).isEqualTo(ForecastMode.UK_LEAD_TIME);
    assertThatThrownBy(() -> ForecastMode.parse("F9"))
        .hasMessage("forecast mode must be F0, F1, F2:<MAPE %> or F3, got F9");
  }
}
