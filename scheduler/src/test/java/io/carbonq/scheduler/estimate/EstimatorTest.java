package io.carbonq.scheduler.estimate;

import static io.carbonq.scheduler.TestData.POWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.domain.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatorTest {
  static final TraceForecastSource TRACES = new TraceForecastSource(TraceLibrary.bundled());
  static final Region FRANKFURT = new Region("gcp:europe-west3", "DE", 1.1);
  static final Region TORONTO = new Region("gcp:northamerica-northeast2", "CA-ON", 1.1);
  static final Region NOWHERE = new Region("mars:olympus", "MARS", 1.0);
  static final Instant START = Instant.parse("2023-06-01T00:00:00Z");

  static EstimateRequest request(Region region, Duration within) {
    return new EstimateRequest(
        "A100", 8, Duration.ofHours(12), region, START, within, Duration.ofMinutes(30));
  }

  @Test
  void energyIsGpusTimesPowerTimesHoursAndEmissionsAddPueAndTheMeanIntensity() {
    Estimator estimator = new Estimator(POWER, List.of(FRANKFURT), TRACES);

    Estimate estimate = estimator.estimate(request(FRANKFURT, Duration.ZERO));

    assertThat(estimate.gpuEnergyKwh()).isCloseTo(8 * 400 * 12 / 1000.0, within(1e-9));
    assertThat(estimate.energyKwh()).isCloseTo(38.4 * 1.1, within(1e-9));
    double mean =
        TRACES
            .actuals("DE", START, START.plus(Duration.ofHours(12)))
            .meanGramsPerKwh(START, START.plus(Duration.ofHours(12)));
    assertThat(estimate.asRequested().gramsPerKwh()).isCloseTo(mean, within(1e-9));
    assertThat(estimate.asRequested().kgCo2e()).isCloseTo(38.4 * 1.1 * mean / 1000, within(1e-9));
    assertThat(estimate.bestSamePlace()).contains(estimate.asRequested());
  }

  @Test
  void theBestAlternativeIsTheCleanestStartInAnyKnownRegion() {
    Estimator estimator = new Estimator(POWER, List.of(FRANKFURT, TORONTO, NOWHERE), TRACES);

    Estimate estimate = estimator.estimate(request(FRANKFURT, Duration.ofHours(24)));

    WindowEstimate best = estimate.bestAnywhere().orElseThrow();
    double bruteForce = Double.MAX_VALUE;
    for (Region region : List.of(FRANKFURT, TORONTO)) {
      for (int halfHours = 0; halfHours <= 48; halfHours++) {
        Instant start = START.plus(Duration.ofMinutes(30L * halfHours));
        double mean =
            TRACES
                .actuals(region.zone(), start, start.plus(Duration.ofHours(12)))
                .meanGramsPerKwh(start, start.plus(Duration.ofHours(12)));
        bruteForce = Math.min(bruteForce, 38.4 * region.pue() * mean / 1000);
      }
    }
    assertThat(best.kgCo2e()).isCloseTo(bruteForce, within(1e-9));
    assertThat(best.zone()).isEqualTo("CA-ON");
    assertThat(estimate.savingOf(best)).isGreaterThan(0.5);
    assertThat(estimate.bestSamePlace().orElseThrow().kgCo2e())
        .isLessThanOrEqualTo(estimate.asRequested().kgCo2e());
    assertThat(estimate.zonesWithoutData()).containsExactly("MARS");
  }

  @Test
  void noDataForTheRequestedZoneIsAnErrorNamingIt() {
    Estimator estimator = new Estimator(POWER, List.of(), TRACES);

    assertThatThrownBy(() -> estimator.estimate(request(NOWHERE, Duration.ZERO)))
        .isInstanceOf(ForecastException.class)
        .hasMessageStartingWith("no carbon-intensity data for zone MARS");
  }
}
