package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ForecasterTest {
  static final Instant YEAR = Instant.parse("2023-01-01T00:00:00Z");
  static final IntensitySeries GB =
      new TraceForecastSource(TraceLibrary.bundled())
          .actuals("GB", YEAR, YEAR.plus(Duration.ofDays(365)));
  static final LeadTimeErrors UK = LeadTimeErrors.measuredOnUkForecasts();

  @Test
  void leadTimeErrorsAreTheMeasuredUkForecastErrorsInGramsPerKwh() {
    assertThat(UK.underSixHoursGramsPerKwh()).isCloseTo(18.07, within(0.01));
    assertThat(UK.sixToDayGramsPerKwh()).isCloseTo(24.03, within(0.01));
    assertThat(UK.dayOrMoreGramsPerKwh()).isCloseTo(33.21, within(0.01));
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
  void leadTimeForecastHasTheMeasuredMeanAbsoluteErrorInEachLeadBand() {
    Forecaster forecaster = new Forecaster(ForecastMode.UK_LEAD_TIME, 3, UK);
    double[] sums = new double[3];
    int[] counts = new int[3];
    for (int day = 0; day < 200; day++) {
      Instant issued = YEAR.plus(Duration.ofDays(day));
      IntensitySeries forecast = forecaster.forecast(GB, issued, Duration.ofHours(48));
      for (int h = 0; h < forecast.size(); h++) {
        int band = h < 6 ? 0 : h < 24 ? 1 : 2;
        sums[band] += Math.abs(forecast.gramsPerKwh(h) - GB.gramsPerKwhAt(forecast.timeOf(h)));
        counts[band]++;
      }
    }
    assertThat(sums[0] / counts[0]).isCloseTo(UK.underSixHoursGramsPerKwh(), withinPercentage(5));
    assertThat(sums[1] / counts[1]).isCloseTo(UK.sixToDayGramsPerKwh(), withinPercentage(5));
    assertThat(sums[2] / counts[2]).isCloseTo(UK.dayOrMoreGramsPerKwh(), withinPercentage(5));
  }

  @Test
  void leadTimeErrorsAreAbsoluteSoAFlatAndASwingingGridOfEqualMeanErrAlike() {
    IntensitySeries flat = hourly("XX", hour -> 300);
    IntensitySeries swinging = hourly("XX", hour -> 300 + 150 * Math.sin(hour * Math.PI / 12));
    Forecaster forecaster = new Forecaster(ForecastMode.UK_LEAD_TIME, 5, UK);
    Instant issued = YEAR.plus(Duration.ofDays(40));

    double[] flatErrors = errors(forecaster.forecast(flat, issued, Duration.ofHours(48)), flat);
    double[] swingingErrors =
        errors(forecaster.forecast(swinging, issued, Duration.ofHours(48)), swinging);

    assertThat(swingingErrors).containsExactly(flatErrors, within(1e-9));
    assertThat(meanAbsolute(flatErrors)).isGreaterThan(10);
  }

  static IntensitySeries hourly(String zone, IntToDoubleFunction gramsPerKwh) {
    double[] values = new double[365 * 24];
    for (int hour = 0; hour < values.length; hour++) {
      values[hour] = gramsPerKwh.applyAsDouble(hour);
    }
    return new IntensitySeries(
        zone,
        YEAR,
        Duration.ofHours(1),
        values,
        SignalKind.AVERAGE,
        DataKind.ACTUAL,
        "test series");
  }

  private static double[] errors(IntensitySeries forecast, IntensitySeries actual) {
    double[] errors = new double[forecast.size()];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = forecast.gramsPerKwh(i) - actual.gramsPerKwhAt(forecast.timeOf(i));
    }
    return errors;
  }

  private static double meanAbsolute(double[] values) {
    return Arrays.stream(values).map(Math::abs).average().orElseThrow();
  }

  @Test
  void parsesTheModesItNames() {
    assertThat(ForecastMode.parse("F2:10")).isEqualTo(ForecastMode.noisy(0.10));
    assertThat(ForecastMode.parse("F3")).isEqualTo(ForecastMode.UK_LEAD_TIME);
    assertThat(ForecastMode.parse("F4")).isEqualTo(ForecastMode.UK_VINTAGES);
    assertThatThrownBy(() -> ForecastMode.parse("F9"))
        .hasMessage("forecast mode must be F0, F1, F2:<MAPE %>, F3 or F4, got F9");
  }
}
