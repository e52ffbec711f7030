package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints the numbers docs/forecast-errors.md quotes: {@code ./mvnw -B -o -pl scheduler test
 * -Dtest=ForecastErrorReportTest}.
 */
class ForecastErrorReportTest {
  static final Instant YEAR = Instant.parse("2023-01-01T00:00:00Z");

  @Test
  void printsTheMeasuredErrorsTheFittedModelAndTheZoneScales() {
    LeadTimeErrors table = LeadTimeErrors.measuredOnUkForecasts();
    print(
        "F3 table MAE g/kWh: <6 h %.2f, 6-24 h %.2f, >=24 h %.2f",
        table.underSixHoursGramsPerKwh(),
        table.sixToDayGramsPerKwh(),
        table.dayOrMoreGramsPerKwh());
    print(
        "F4 vintages MAE g/kWh: 0-6 h %.2f, 6-12 h %.2f, 12-24 h %.2f, 6-24 h %.2f, 24-48 h %.2f",
        VintageErrorModelTest.mae(0, 6),
        VintageErrorModelTest.mae(6, 12),
        VintageErrorModelTest.mae(12, 24),
        VintageErrorModelTest.mae(6, 24),
        VintageErrorModelTest.mae(24, 48));
    print(
        "F4 model MAE g/kWh:    0-6 h %.2f, 6-24 h %.2f, 24-48 h %.2f",
        VintageErrorModelTest.modelMae(0, 6),
        VintageErrorModelTest.modelMae(6, 24),
        VintageErrorModelTest.modelMae(24, 48));
    VintageErrorModel model = VintageErrorModelTest.MODEL;
    for (double lead : new double[] {0, 6, 24, 47.5}) {
      print(
          "F4 model at lead %4.1f h: bias %6.2f g/kWh, sd %5.2f g/kWh, MAE %5.2f g/kWh",
          lead,
          model.biasGramsPerKwh(lead),
          model.sdGramsPerKwh(lead),
          model.meanAbsoluteErrorGramsPerKwh(lead));
    }
    StandardisedErrors measured = VintageErrorModelTest.standardised();
    print(
        "F4 model: persistent share %.3f, revised part's issue-to-issue correlation %.3f/h,"
            + " period AR(2) phi1 %.3f phi2 %.3f",
        model.persistentShare(),
        model.revisedIssueCorrelation(),
        model.periodCorrelation().phi1(),
        model.periodCorrelation().phi2());
    for (int hours : new int[] {1, 2, 3, 6, 12, 24, 36}) {
      print(
          "lag %2d h: same target across issues measured %.3f model %.3f;"
              + " same issue across periods measured %.3f model %.3f;"
              + " same lead across issues measured %.3f model %.3f",
          hours,
          measured.correlation(Duration.ofHours(hours), Duration.ZERO),
          model.issueCorrelation(hours),
          measured.correlation(Duration.ZERO, Duration.ofHours(hours)),
          model.periodCorrelation().at(hours),
          measured.correlation(Duration.ofHours(hours), Duration.ofHours(hours)),
          model.issueCorrelation(hours) * model.periodCorrelation().at(hours));
    }
    VintageForecastErrors errors = VintageForecastErrors.measuredOnUk(1);
    TraceForecastSource traces = new TraceForecastSource(TraceLibrary.bundled());
    double gbScale = Double.NaN;
    double sgScale = Double.NaN;
    for (String zone : MainScenario.ZONES) {
      IntensitySeries actual = traces.actuals(zone, YEAR, YEAR.plus(Duration.ofDays(365)));
      double scale = errors.scale(actual);
      print(
          "scale %-12s day-to-day swing %6.2f g/kWh -> %.3f",
          zone, DayToDaySwing.gramsPerKwh(actual), scale);
      gbScale = zone.equals("GB") ? scale : gbScale;
      sgScale = zone.equals("SG") ? scale : sgScale;
    }

    IntensitySeries gbDuringVintages =
        traces.actuals(
            "GB", Instant.parse("2023-03-14T03:00:00Z"), Instant.parse("2023-03-17T18:00:00Z"));
    print(
        "GB day-to-day swing over the vintages' days %.1f g/kWh",
        DayToDaySwing.gramsPerKwh(gbDuringVintages));

    assertThat(gbScale).isEqualTo(1);
    assertThat(sgScale).isBetween(0.01, 0.3);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
