package io.carbonq.scheduler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator on the first 400 workloads of the main scenario. */
class SimulatorTest {
  static Scenario scenario;
  static Map<String, SimulationResult> results = new TreeMap<>();

  @BeforeAll
  static void runEveryPolicy() {
    Scenario full = MainScenario.build(MainScenario.Options.defaults().withCopies(1, 0));
    scenario = full.withWorkloads(full.workloads().subList(0, 400));
    Simulator simulator = new Simulator(scenario, Comparison.FORECAST_HORIZON);
    for (String id : Policies.IDS) {
      results.put(id, simulator.run(Policies.byId(id).get()));
    }
    results.put("S-whole", simulator.run(Policies.byId("S-whole").get()));
  }

  @Test
  void baselineEmissionsEqualAnIndependentRecomputationFromTheJobLog() {
    // S2: every B0 run is one uninterrupted interval; recompute it minute by minute from the trace.
    SimulationResult b0 = results.get("B0");
    double kg = 0;
    for (JobRun run : b0.runs()) {
      IntensitySeries actual = scenario.actual(run.region());
      double kwPerGpu = scenario.gpuWatts() * scenario.regions().get(run.region()).pue() / 1000;
      for (Instant t = run.firstStart(); t.isBefore(run.end()); t = t.plusSeconds(60)) {
        double minutes = Math.min(60, Duration.between(t, run.end()).getSeconds()) / 60.0;
        kg += run.workload().gpus() * kwPerGpu * minutes / 60 * actual.gramsPerKwhAt(t) / 1000;
      }
    }
    assertThat(b0.kgCo2e()).isCloseTo(kg, within(0.001 * kg));
  }

  @ParameterizedTest
  @ValueSource(strings = {"B0", "B1-p30", "B1-p50", "B2", "B3", "B4", "B5", "B6", "S", "S-whole"})
  void everyPolicyCompletesAllTheWorkOfTheBaseline(String policy) {
    assertThat(results.get(policy).unfinished()).isZero();
    assertThat(results.get(policy).completedGpuHours())
        .isCloseTo(results.get("B0").completedGpuHours(), within(1e-6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"B0", "B5", "S-whole"})
  void policiesThatNeverPauseNeverHoldMoreGpusThanAPoolHas(String policy) {
    SimulationResult result = results.get(policy);
    for (JobRun run : result.runs()) {
      assertThat(run.resumes()).isZero();
      long inUse =
          result.runs().stream()
              .filter(other -> other.region() == run.region())
              .filter(
                  other ->
                      !other.firstStart().isAfter(run.firstStart())
                          && other.end().isAfter(run.firstStart()))
              .mapToLong(other -> other.workload().gpus())
              .sum();
      assertThat(inUse).isLessThanOrEqualTo(scenario.capacities()[run.region()]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"B0", "B5", "S-whole"})
  void thePerJobOracleIsBelowEveryPolicyThatRunsJobsWhole(String policy) {
    assertThat(PerJobOracle.kgCo2e(scenario))
        .isLessThanOrEqualTo(results.get(policy).kgCo2e() + 1e-9);
  }

  @Test
  void theCapacityAwareLimitIsBelowEveryPolicyThatMeetsItsDeadlines() {
    // S3 (without O3): O2 bounds every schedule that does all the work on time.
    double limit = CapacityAwareLimit.available().orElseThrow().kgCo2e(scenario);

    assertThat(limit).isPositive();
    for (SimulationResult result : results.values()) {
      if (result.deadlineMisses() == 0) {
        assertThat(limit).as(result.policy()).isLessThanOrEqualTo(result.kgCo2e() + 1e-6);
      }
    }
    assertThat(results.values().stream().filter(r -> r.deadlineMisses() == 0).count())
        .isGreaterThan(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"B3", "S"})
  void interruptingPoliciesPauseOnlyInterruptibleWorkAndPayTheResumeOverhead(String policy) {
    SimulationResult b3 = results.get(policy);
    List<JobRun> resumed =
        new ArrayList<>(b3.runs().stream().filter(r -> r.resumes() > 0).toList());
    assertThat(resumed)
        .isNotEmpty()
        .allSatisfy(run -> assertThat(run.workload().interruptible()).isTrue());
    for (JobRun run : resumed) {
      double expectedKwh =
          run.workload().gpus()
              * scenario.kwhPerGpuSecond(run.region())
              * (run.workload().duration().getSeconds()
                  + run.resumes() * scenario.resumeOverhead().getSeconds());
      assertThat(run.kwh()).isCloseTo(expectedKwh, within(1e-9 * expectedKwh));
    }
  }

  @Test
  void carbonqSavesMoreThanRunningNowWithoutMissingMoreDeadlines() {
    SimulationResult b0 = results.get("B0");
    SimulationResult s = results.get("S");
    assertThat(s.kgCo2e()).isLessThan(b0.kgCo2e());
    assertThat(s.deadlineMisses()).isLessThanOrEqualTo(b0.deadlineMisses());
  }

  @Test
  void isDeterministic() {
    SimulationResult again =
        new Simulator(scenario, Comparison.FORECAST_HORIZON).run(Policies.byId("S").get());

    assertThat(again.kgCo2e()).isEqualTo(results.get("S").kgCo2e());
    assertThat(again.meanWaitHours()).isEqualTo(results.get("S").meanWaitHours());
  }
}
