package io.carbonq.scheduler.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Every requested policy on one scenario, side by side, with B0 as the baseline, the per-job oracle
 * O1 and the capacity-aware limit O2. Reductions are against B0; the capture ratio κ = (E_B0 − E) /
 * (E_B0 − E_limit).
 */
public record Comparison(
    Scenario scenario,
    List<SimulationResult> results,
    OptionalDouble perJobOracleKg,
    OptionalDouble capacityAwareLimitKg,
    OptionalDouble exactOptimumKg) {

  /**
   * How far simulated forecasts reach: past the longest run in the trace, so that every window can
   * be scored (F3 applies its 24-hour-and-more error band beyond two days).
   */
  public static final Duration FORECAST_HORIZON = Duration.ofDays(40);

  public Comparison {
    results = List.copyOf(results);
  }

  /** Runs B0 first (the baseline), then each other policy, telling {@code progress} as it goes. */
  public static Comparison run(
      Scenario scenario, List<String> policies, ProgressListener progress) {
    Simulator simulator = new Simulator(scenario, FORECAST_HORIZON);
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
    if (policies.contains("O2")) {
      var solver = CapacityAwareLimit.available();
      if (solver.isPresent()) {
        progress.progressed("O2", 0, workloads);
        limit = OptionalDouble.of(solver.get().kgCo2e(scenario));
        progress.progressed("O2", workloads, workloads);
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
    return new Comparison(scenario, results, oracle, limit, optimum);
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
