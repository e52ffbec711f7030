package io.carbonq.scheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
              placed.segments(),
              placed.energyKwh(),
              placed.pool().region().pue());
      assertThat(outcome.realisedKgCo2e())
          .as(placed.workload().id())
          .isCloseTo(kg, within(1e-9 * Math.max(1, kg)));
    }
  }

  @Test
  void someInterruptibleWorkRunsInPieces() {
    assertThat(report.plan().placed()).anyMatch(Placed::split);
  }

  @Test
  void theSweepNeverRunsMoreTrialsAtOnceThanItsCap() {
    for (Placed trial : report.plan().placed()) {
      if (trial.workload().sweep().isEmpty()) {
        continue;
      }
      for (Segment piece : trial.segments()) {
        long running =
            report.plan().placed().stream()
                .filter(p -> p.workload().sweep().equals(trial.workload().sweep()))
                .filter(p -> p.runsAt(piece.start()))
                .count();
        assertThat(running)
            .isLessThanOrEqualTo(trial.workload().sweep().orElseThrow().maxParallel());
      }
    }
  }

  @Test
  void isRepeatable() {
    DemoReport again = new Demo(FLEET, SOURCE).run(Demo.DEFAULT_NOW);

    assertThat(again.plan().decisions()).isEqualTo(report.plan().decisions());
    assertThat(again.realisedKgCo2e()).isEqualTo(report.realisedKgCo2e());
  }

  /**
   * Σ over the pieces and the hours each overlaps of (energy per second run × seconds of overlap ×
   * that hour's value) × PUE.
   */
  static double hourByHourKg(String zone, List<Segment> pieces, double energyKwh, double pue) {
    long running = pieces.stream().mapToLong(piece -> piece.length().toSeconds()).sum();
    double perSecond = energyKwh / running;
    double grams = 0;
    for (Segment piece : pieces) {
      IntensitySeries hours = SOURCE.actuals(zone, piece.start(), piece.end());
      for (int i = 0; i < hours.size(); i++) {
        Instant from = hours.timeOf(i).isBefore(piece.start()) ? piece.start() : hours.timeOf(i);
        Instant to = hours.timeOf(i + 1).isAfter(piece.end()) ? piece.end() : hours.timeOf(i + 1);
        if (to.isAfter(from)) {
          grams += perSecond * Duration.between(from, to).toSeconds() * hours.gramsPerKwh(i);
        }
      }
    }
    return grams * pue / 1000;
  }
}
