package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Every requested policy on one scenario, side by side, with B0 as the baseline, the per-job oracle
 * O1 and the capacity-aware limit O2. Reductions are against B0; the capture ratio κ = (E_B0 − E) /
 * (E_B0 − E_limit).
 *
 * <p>O2 keeps every deadline, so a policy that finishes work late could beat it. {@code ownLimitKg}
 * holds, per policy, O2 with each workload's deadline moved to that policy's own completion where
 * it finished later: the least any schedule could emit with the policy's lateness allowed, so that
 * κ against it cannot exceed 1 by missing deadlines.
 */
public record Comparison(
    Scenario scenario,
    List<SimulationResult> results,
    OptionalDouble perJobOracleKg,
    OptionalDouble capacityAwareLimitKg,
    OptionalDouble exactOptimumKg,
    Map<String, Double> ownLimitKg,
    DurationEstimates estimates) {

  /**
   * How far simulated forecasts reach: past the longest run in the trace, so that every window can
   * be scored (F3 applies its 24-hour-and-more error band beyond two days).
   */
  public static final Duration FORECAST_HORIZON = Duration.ofDays(40);

  public Comparison {
    results = List.copyOf(results);
    ownLimitKg = Map.copyOf(ownLimitKg);
    Objects.requireNonNull(estimates, "estimates");
  }

  public Comparison(
      Scenario scenario,
      List<SimulationResult> results,
      OptionalDouble perJobOracleKg,
      OptionalDouble capacityAwareLimitKg,
      OptionalDouble exactOptimumKg) {
    this(
        scenario,
        results,
        perJobOracleKg,
        capacityAwareLimitKg,
        exactOptimumKg,
        Map.of(),
        DurationEstimates.EXACT);
  }

  /** Runs B0 first (the baseline), then each other policy, telling {@code progress} as it goes. */
  public static Comparison run(
      Scenario scenario, List<String> policies, ProgressListener progress) {
    return run(scenario, policies, DurationEstimates.EXACT, progress);
  }

  /**
   * As {@link #run(Scenario, List, ProgressListener)}, with the policies planning by run-time
   * estimates that err as {@code estimates} say; the oracles know the actual run times.
   */
  public static Comparison run(
      Scenario given,
      List<String> policies,
      DurationEstimates estimates,
      ProgressListener progress) {
    Simulator simulator = new Simulator(given, FORECAST_HORIZON, estimates);
    // Deadlines follow the users' estimates: the oracles, too, meet the deadlines users set.
    Scenario scenario = simulator.scenario();
    List<SimulationResult> results = new ArrayList<>();
    List<String> order = new ArrayList<>(List.of("B0"));
    policies.stream().filter(id -> !id.equals("B0") && !id.startsWith("O")).forEach(order::add);
    for (String id : order) {
      results.add(simulator.run(Policies.byId(id).get(), progress));
    }
    long workloads = scenario.workloads().size();
    OptionalDouble oracle = OptionalDouble.empty();
    if (policies.contains("O1")) {
      progress.progressed("O1", 0, workloads);
      oracle = OptionalDouble.of(PerJobOracle.kgCo2e(scenario));
      progress.progressed("O1", workloads, workloads);
    }
    OptionalDouble limit = OptionalDouble.empty();
    Map<String, Double> ownLimits = new LinkedHashMap<>();
    if (policies.contains("O2")) {
      var solver = CapacityAwareLimit.available();
      if (solver.isPresent()) {
        progress.progressed("O2", 0, workloads);
        limit = OptionalDouble.of(solver.get().kgCo2e(scenario));
        progress.progressed("O2", workloads, workloads);
        for (SimulationResult result : results) {
          String id = "O2 for " + result.policy();
          progress.progressed(id, 0, workloads);
          Scenario relaxed = relaxedToCompletions(result);
          ownLimits.put(
              result.policy(),
              relaxed == scenario ? limit.getAsDouble() : solver.get().kgCo2e(relaxed));
          progress.progressed(id, workloads, workloads);
        }
      } else {
        progress.skipped("O2", "no min-cost-flow solver on the class path (see docs/results.md)");
      }
    }
    OptionalDouble optimum = OptionalDouble.empty();
    if (policies.contains("O3")) {
      var solver = ExactOptimum.available();
      if (solver.isEmpty()) {
        progress.skipped("O3", "no constraint solver on the class path (see docs/results.md)");
      } else if (workloads > ExactOptimum.MAX_WORKLOADS) {
        progress.skipped(
            "O3", "only for up to " + ExactOptimum.MAX_WORKLOADS + " workloads (use --limit)");
      } else {
        progress.progressed("O3", 0, workloads);
        try {
          optimum = solver.get().kgCo2e(scenario);
          if (optimum.isPresent()) {
            progress.progressed("O3", workloads, workloads);
          } else {
            progress.skipped("O3", "no schedule of whole runs meets every deadline on these pools");
          }
        } catch (IllegalStateException e) {
          progress.skipped("O3", e.getMessage());
        }
      }
    }
    return new Comparison(scenario, results, oracle, limit, optimum, ownLimits, estimates);
  }

  /**
   * The scenario with each workload's deadline moved to when {@code result}'s policy finished it,
   * where that was later; the scenario itself when the policy met every deadline. Work it never
   * finished keeps its deadline: the limit lets such work spill past it at home, as any late work.
   */
  static Scenario relaxedToCompletions(SimulationResult result) {
    Scenario scenario = result.scenario();
    List<Workload> relaxed = new ArrayList<>(scenario.workloads().size());
    boolean moved = false;
    for (JobRun run : result.runs()) {
      Workload workload = run.actual();
      if (run.finished() && run.end().isAfter(workload.deadline())) {
        relaxed.add(Workload.builder(workload.id()).like(workload).deadline(run.end()).build());
        moved = true;
      } else {
        relaxed.add(workload);
      }
    }
    return moved ? scenario.withWorkloads(relaxed) : scenario;
  }

  /**
   * κ of a policy against O2 relaxed to its own completions (NaN without O2): how much of what it
   * could have saved, lateness and all, it did save.
   */
  public double ownCaptureRatio(SimulationResult result) {
    Double limit = ownLimitKg.get(result.policy());
    return limit == null ? Double.NaN : captureRatio(result.kgCo2e(), limit);
  }

  public SimulationResult baseline() {
    return results.get(0);
  }

  public double reductionPct(double kg) {
    return 100 * (1 - kg / baseline().kgCo2e());
  }

  /** κ against a limit: how much of the possible saving a policy captured. */
  public double captureRatio(double kg, double limitKg) {
    double possible = baseline().kgCo2e() - limitKg;
    return possible <= 0 ? Double.NaN : (baseline().kgCo2e() - kg) / possible;
  }
}
