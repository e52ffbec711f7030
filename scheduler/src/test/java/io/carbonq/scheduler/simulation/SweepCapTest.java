package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static org.assertj.core.api.Assertions.assertThat;

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
    Region region = new Region("DE", "DE", 1.0);
    Workload template =
        aWorkload("sweep", region, T0, Duration.ofHours(1))
            .deadline(T0.plus(Duration.ofHours(4)))
            .build();
    List<Workload> trials =
        new Sweep("sweep", template, Map.of("trial", List.of("0", "1", "2", "3")), maxParallel)
            .trials();
    return SmallWorld.named("sweep-cap")
        .regions(region)
        .capacities(8)
        .intensity(hourly("DE", 48, hour -> hour == 0 ? 100 : 500))
        .workloads(trials)
        .gpuWatts(70)
        .build();
  }
}
