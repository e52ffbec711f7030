package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VintageErrorModelTest {
  static final ForecastVintages VINTAGES = ForecastVintages.ukNational();
  static final VintageErrorModel MODEL = VintageErrorModel.fittedOnUkVintages();

  @Test
  void readsEveryIssueOfTheBundledVintages() {
    assertThat(VINTAGES.vintages()).hasSize(168);
    assertThat(VINTAGES.firstIssue()).isEqualTo(Instant.parse("2023-03-14T03:00:00Z"));
    assertThat(VINTAGES.lastIssue()).isEqualTo(Instant.parse("2023-03-17T17:30:00Z"));
    assertThat(VINTAGES.vintages().get(0).size()).isEqualTo(96);
    assertThat(VINTAGES.vintages().get(167).size()).isEqualTo(1);
  }

  @Test
  void vintagesErrAsTheirReadmeSummarises() {
    assertThat(mae(0, 6)).isCloseTo(21.4, within(0.05));
    assertThat(mae(6, 12)).isCloseTo(23.7, within(0.05));
    assertThat(mae(12, 24)).isCloseTo(24.6, within(0.05));
    assertThat(mae(24, 48)).isCloseTo(28.8, within(0.05));
  }

  @Test
  void modelHasTheVintagesMeanAbsoluteErrorInEachLeadBand() {
    assertThat(modelMae(0, 6)).isCloseTo(mae(0, 6), withinPercentage(3));
    assertThat(modelMae(6, 24)).isCloseTo(mae(6, 24), withinPercentage(3));
    assertThat(modelMae(24, 48)).isCloseTo(mae(24, 48), withinPercentage(3));
  }

  @Test
  void issueCorrelationFollowsTheVintagesAtEveryLag() {
    StandardisedErrors measured = standardised();
    for (int hours : new int[] {1, 3, 6, 12, 24, 36}) {
      assertThat(MODEL.issueCorrelation(hours))
          .as("issues %d h apart", hours)
          .isCloseTo(measured.correlation(Duration.ofHours(hours), Duration.ZERO), within(0.03));
    }
  }

  @Test
  void periodCorrelationFollowsTheVintagesForSixHours() {
    StandardisedErrors measured = standardised();
    for (int hours = 1; hours <= 6; hours++) {
      assertThat(MODEL.periodCorrelation().at(hours))
          .as("periods %d h apart", hours)
          .isCloseTo(measured.correlation(Duration.ZERO, Duration.ofHours(hours)), within(0.06));
    }
  }

  @Test
  void periodCorrelationOfTwoLagsGivesTheYuleWalkerProcess() {
    PeriodCorrelation correlation = new PeriodCorrelation(0.9, 0.7);

    assertThat(correlation.at(0)).isEqualTo(1);
    assertThat(correlation.at(1)).isCloseTo(0.9, within(1e-12));
    assertThat(correlation.at(2)).isCloseTo(0.7, within(1e-12));
    assertThat(correlation.at(3))
        .isCloseTo(correlation.phi1() * 0.7 + correlation.phi2() * 0.9, within(1e-12));
  }

  @Test
  void spreadIsTheOneThatGivesTheMeanAbsoluteError() {
    double sd = Gaussian.sdForMeanAbsolute(-14, 26);

    assertThat(Gaussian.meanAbsolute(-14, sd)).isCloseTo(26, within(1e-9));
    assertThat(Gaussian.meanAbsolute(0, 10)).isCloseTo(10 * Math.sqrt(2 / Math.PI), within(1e-6));
    assertThat(Gaussian.cdf(1.959964)).isCloseTo(0.975, within(1e-6));
  }

  static double mae(int fromHours, int toHours) {
    return VINTAGES.meanAbsoluteErrorGramsPerKwh(
        Duration.ofHours(fromHours), Duration.ofHours(toHours));
  }

  /** The model's mean absolute error averaged over the half-hour leads of a band. */
  static double modelMae(int fromHours, int toHours) {
    double sum = 0;
    int count = 0;
    for (double lead = fromHours; lead < toHours; lead += 0.5) {
      sum += MODEL.meanAbsoluteErrorGramsPerKwh(lead);
      count++;
    }
    return sum / count;
  }

  static StandardisedErrors standardised() {
    double[] bias = new double[96];
    double[] sd = new double[96];
    for (int lead = 0; lead < 96; lead++) {
      bias[lead] = MODEL.biasGramsPerKwh(lead / 2.0);
      sd[lead] = MODEL.sdGramsPerKwh(lead / 2.0);
    }
    return new StandardisedErrors(VINTAGES, bias, sd);
  }
}
