package io.carbonq.scheduler.simulation;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * O3 as a time-indexed CP-SAT model: one Boolean per workload, allowed region and start on the
 * simulation's step grid inside the window; each workload starts exactly once; in each region and
 * step the GPUs of the runs covering that step fit the pool; the objective is the emissions the
 * simulator would charge for each run, in milligrams.
 */
public final class CpSatOptimum implements ExactOptimum {

  private record Start(int region, long step, double grams, BoolVar chosen) {}

  @Override
  public OptionalDouble kgCo2e(Scenario scenario) {
    Loader.loadNativeLibraries();
    long step = scenario.step().getSeconds();
    CpModel model = new CpModel();
    Map<String, double[]> integrals = new HashMap<>();
    Map<Long, LinearExprBuilder> usage = new HashMap<>();
    List<List<Start>> starts = new ArrayList<>();
    LinearExprBuilder objective = LinearExpr.newBuilder();
    for (Workload workload : scenario.workloads()) {
      List<Start> options = new ArrayList<>();
      long steps = (workload.duration().getSeconds() + step - 1) / step;
      Instant first = PerJobOracle.alignUp(workload.earliestStart(), scenario.start(), step);
      for (String name : workload.regions()) {
        int region = scenario.regionIndex(name);
        IntensitySeries actual = scenario.actual(region);
        double[] integral =
            integrals.computeIfAbsent(actual.zone(), zone -> PerJobOracle.integral(actual));
        double perGpuSecond = workload.gpus() * scenario.kwhPerGpuSecond(region);
        for (Instant start = first;
            !start.isAfter(workload.latestStart());
            start = start.plusSeconds(step)) {
          double grams =
              perGpuSecond
                  * (PerJobOracle.at(actual, integral, start.plus(workload.duration()))
                      - PerJobOracle.at(actual, integral, start));
          long index = Duration.between(scenario.start(), start).getSeconds() / step;
          BoolVar chosen = model.newBoolVar(workload.id() + "@" + name + "@" + index);
          options.add(new Start(region, index, grams, chosen));
          objective.addTerm(chosen, Math.round(grams * 1000));
          for (long s = index; s < index + steps; s++) {
            usage
                .computeIfAbsent(s * 1000 + region, key -> LinearExpr.newBuilder())
                .addTerm(chosen, workload.gpus());
          }
        }
      }
      if (options.isEmpty()) {
        return OptionalDouble.empty();
      }
      model.addExactlyOne(options.stream().map(Start::chosen).toArray(BoolVar[]::new));
      starts.add(options);
    }
    usage.forEach(
        (key, load) -> model.addLessOrEqual(load, scenario.capacities()[(int) (key % 1000)]));
    model.minimize(objective);
    CpSolver solver = new CpSolver();
    solver.getParameters().setMaxTimeInSeconds(120).setNumWorkers(2);
    CpSolverStatus status = solver.solve(model);
    if (status == CpSolverStatus.INFEASIBLE) {
      return OptionalDouble.empty();
    }
    if (status != CpSolverStatus.OPTIMAL) {
      throw new IllegalStateException("CP-SAT did not prove the optimum for O3: " + status);
    }
    double grams = 0;
    for (List<Start> options : starts) {
      for (Start option : options) {
        if (solver.booleanValue(option.chosen())) {
          grams += option.grams();
        }
      }
    }
    return OptionalDouble.of(grams / 1000);
  }
}
