package io.carbonq.scheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.planning.Placed;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoTest {
  static final Fleet FLEET = new Fleet(ConfigLoader.bundledDefault());
  static final ForecastSource SOURCE =
      new ForecastSources(
              FLEET.config(),
              java.util.Map.of(),
              java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC),
              java.nio.file.Path.of("unused"))
          .chain();

  final DemoReport report = new Demo(FLEET, SOURCE).run(Demo.DEFAULT_NOW);

  @Test
  void placesTheWholeMixWithoutMissingADeadlineAndEmitsLessThanRunningNow() {
    assertThat(report.jobs()).isEqualTo(23);
    assertThat(report.deferred()).isEmpty();
    assertThat(report.deadlineMisses()).isZero();
    assertThat(report.outcomes()).hasSize(23);
    assertThat(report.realisedKgCo2e()).isLessThan(report.runNowKgCo2e());
    assertThat(report.plan().placed())
        .filteredOn(p -> p.workload().sweep().isPresent())
        .hasSize(16);
  }

  @Test
  void realisedEmissionsMatchAnHourByHourRecomputationFromTheTraces() {
    for (RunOutcome outcome : report.outcomes()) {
      Placed placed = outcome.placed();
      double kg =
          hourByHourKg(
              placed.pool().region().zone(),
              placed.start(),
              placed.end(),
              placed.energyKwh(),
              placed.pool().region().pue());
      assertThat(outcome.realisedKgCo2e())
          .as(placed.workload().id())
          .isCloseTo(kg, within(1e-9 * Math.max(1, kg)));
    }
  }

  @Test
  void theSweepNeverRunsMoreTrialsAtOnceThanItsCap() {
    for (Placed trial : report.plan().placed()) {
      if (trial.workload().sweep().isEmpty()) {
        continue;
      }
      long running =
          report.plan().placed().stream()
              .filter(p -> p.workload().sweep().equals(trial.workload().sweep()))
              .filter(p -> !p.start().isAfter(trial.start()) && p.end().isAfter(trial.start()))
              .count();
      assertThat(running).isLessThanOrEqualTo(trial.workload().sweep().orElseThrow().maxParallel());
    }
  }

  @Test
  void isRepeatable() {
    DemoReport again = new Demo(FLEET, SOURCE).run(Demo.DEFAULT_NOW);

    assertThat(again.plan().decisions()).isEqualTo(report.plan().decisions());
    assertThat(again.realisedKgCo2e()).isEqualTo(report.realisedKgCo2e());
  }

  /**
   * Σ over the hours the run overlaps of (energy per second × seconds of overlap × that hour's
   * value) × PUE.
   */
  static double hourByHourKg(
      String zone, Instant start, Instant end, double energyKwh, double pue) {
    IntensitySeries hours = SOURCE.actuals(zone, start, end);
    double perSecond = energyKwh / Duration.between(start, end).toSeconds();
    double grams = 0;
    for (int i = 0; i < hours.size(); i++) {
      Instant from = hours.timeOf(i).isBefore(start) ? start : hours.timeOf(i);
      Instant to = hours.timeOf(i + 1).isAfter(end) ? end : hours.timeOf(i + 1);
      if (to.isAfter(from)) {
        grams += perSecond * Duration.between(from, to).toSeconds() * hours.gramsPerKwh(i);
      }
    }
    return grams * pue / 1000;
  }
}
