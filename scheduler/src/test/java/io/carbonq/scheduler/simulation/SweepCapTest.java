package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep's cap on trials at once binds every simulated policy and the capacity-aware limit: four
 * one-hour trials, one at a time, cannot all run in the single clean hour.
 */
class SweepCapTest {
  private static final Instant START = Instant.parse("2023-05-01T00:00:00Z");

  @Test
  void runNowStartsNoMoreTrialsAtOnceThanTheSweepAllows() {
    SimulationResult result =
        new Simulator(scenario(1), Duration.ofDays(2)).run(Policies.byId("B0").get());
    List<Instant> starts = result.runs().stream().map(JobRun::firstStart).sorted().toList();
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofHours(1));
    }
  }

  @Test
  void theLimitHonoursTheCapAndIsLowerWithoutIt() {
    CapacityAwareLimit solver = CapacityAwareLimit.available().orElseThrow();
    double oneAtATime = solver.kgCo2e(scenario(1));
    double allAtOnce = solver.kgCo2e(scenario(4));
    // All four fit the clean first hour only when the cap allows four.
    double perTrialCleanKg = 0.07 * 1.0 * 100 / 1000;
    assertThat(allAtOnce)
        .isCloseTo(4 * perTrialCleanKg, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(oneAtATime).isGreaterThan(allAtOnce + 1e-3);
  }

  /** Four 1-hour, 1-GPU trials due in 4 hours, one region of 8 GPUs: 100 g/kWh then 500. */
  private static Scenario scenario(int maxParallel) {
    double[] hourly = new double[48];
    java.util.Arrays.fill(hourly, 500);
    hourly[0] = 100;
    IntensitySeries actual =
        new IntensitySeries(
            "DE", START, Duration.ofHours(1), hourly, SignalKind.AVERAGE, DataKind.ACTUAL, "test");
    Workload template =
        Workload.builder("sweep")
            .gpus(1)
            .duration(Duration.ofHours(1))
            .earliestStart(START)
            .deadline(START.plus(Duration.ofHours(4)))
            .regions(List.of("DE"))
            .home("DE")
            .interruptible(false)
            .build();
    List<Workload> trials =
        new Sweep("sweep", template, Map.of("trial", List.of("0", "1", "2", "3")), maxParallel)
            .trials();
    return new Scenario(
        "sweep-cap",
        List.of(new Region("DE", "DE", 1.0)),
        new int[] {8},
        Map.of("DE", actual),
        trials,
        70,
        START,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        ForecastMode.PERFECT,
        1);
  }
}
