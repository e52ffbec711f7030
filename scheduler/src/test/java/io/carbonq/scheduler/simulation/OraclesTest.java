package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3: on a small instance where capacity binds, O2 ≤ O3 ≤ every policy that runs workloads whole
 * and meets every deadline, and O2 ≤ the policies that pause and meet every deadline.
 */
class OraclesTest {
  static Scenario scenario;
  static final Map<String, SimulationResult> results = new TreeMap<>();

  @BeforeAll
  static void smallInstance() {
    MainScenario.Options defaults = MainScenario.Options.defaults().withCopies(1, 0);
    Scenario two =
        MainScenario.build(
            new MainScenario.Options(
                List.of("DE", "GB"),
                defaults.fromDay(),
                defaults.targetUtilisation(),
                defaults.interruptibleShare(),
                1.0,
                defaults.gpuWatts(),
                Duration.ofMinutes(15),
                defaults.forecastMode(),
                3,
                1,
                0,
                0));
    List<Workload> short_ =
        two.workloads().stream()
            .filter(
                w ->
                    Duration.between(w.earliestStart(), w.deadline())
                            .compareTo(Duration.ofHours(12))
                        <= 0)
            .filter(w -> w.duration().compareTo(Duration.ofHours(6)) <= 0)
            .filter(w -> w.latestStart().isAfter(w.earliestStart()))
            .limit(60)
            .toList();
    scenario = two.withWorkloads(short_).withCapacities(new int[] {8, 8});
    Simulator simulator = new Simulator(scenario, Comparison.FORECAST_HORIZON);
    for (String id : List.of("B0", "B2", "B4", "B5", "B6", "S-whole", "S")) {
      results.put(id, simulator.run(Policies.byId(id).get()));
    }
  }

  @Test
  void theLimitIsBelowTheOptimumAndTheOptimumBelowEveryFeasiblePolicy() {
    double limit = CapacityAwareLimit.available().orElseThrow().kgCo2e(scenario);
    double optimum = ExactOptimum.available().orElseThrow().kgCo2e(scenario).orElseThrow();

    assertThat(limit).isLessThanOrEqualTo(optimum + 1e-6);
    long feasible = 0;
    for (SimulationResult result : results.values()) {
      if (result.deadlineMisses() == 0) {
        // O2 bounds every schedule; O3 only those that run each workload whole.
        assertThat(limit).as(result.policy()).isLessThanOrEqualTo(result.kgCo2e() + 1e-6);
      }
      if (result.deadlineMisses() == 0 && result.resumesPerJob() == 0) {
        feasible++;
        assertThat(optimum).as(result.policy()).isLessThanOrEqualTo(result.kgCo2e() + 1e-6);
      }
    }
    assertThat(feasible).isGreaterThanOrEqualTo(3);
    assertThat(PerJobOracle.kgCo2e(scenario)).isLessThanOrEqualTo(optimum + 1e-6);
  }

  @Test
  void theLimitRelaxedToAPolicysOwnCompletionsBoundsThatPolicyLateOrNot() {
    // A quarter of the GPUs, so that policies finish some work late and the relaxation is
    // exercised.
    Scenario tight = scenario.withCapacities(new int[] {2, 2});
    Simulator simulator = new Simulator(tight, Comparison.FORECAST_HORIZON);
    CapacityAwareLimit solver = CapacityAwareLimit.available().orElseThrow();
    double strict = solver.kgCo2e(tight);
    long late = 0;
    for (String id : List.of("B0", "B2", "B5", "B6", "S")) {
      SimulationResult result = simulator.run(Policies.byId(id).get());
      Scenario relaxed = Comparison.relaxedToCompletions(result);
      double own = solver.kgCo2e(relaxed);
      assertThat(own).as(id).isLessThanOrEqualTo(strict + 1e-6);
      assertThat(own).as(id).isLessThanOrEqualTo(result.kgCo2e() + 1e-6);
      if (result.deadlineMisses() > 0) {
        late++;
        assertThat(relaxed).isNotSameAs(tight);
      }
    }
    assertThat(late).isPositive();
  }
}
