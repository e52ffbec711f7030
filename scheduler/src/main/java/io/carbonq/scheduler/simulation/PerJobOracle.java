package io.carbonq.scheduler.simulation;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * O1: each workload alone at its best region and window with perfect knowledge and no capacity
 * limit. Not a bound on capacity-feasible schedules, but the most any per-job choice could save.
 */
public final class PerJobOracle {
  private PerJobOracle() {}

  public static double kgCo2e(Scenario scenario) {
    Map<String, double[]> integrals = new HashMap<>();
    double grams = 0;
    for (Workload workload : scenario.workloads()) {
      grams += grams(scenario, workload, integrals);
    }
    return grams / 1000;
  }

  /**
   * Each of the scenario's workloads' emissions at its own best region and window, keyed by the
   * workload itself (ids from a user's file need not be unique).
   */
  public static Map<Workload, Double> kgCo2eByWorkload(Scenario scenario) {
    Map<String, double[]> integrals = new HashMap<>();
    Map<Workload, Double> byWorkload = new IdentityHashMap<>();
    for (Workload workload : scenario.workloads()) {
      byWorkload.put(workload, grams(scenario, workload, integrals) / 1000);
    }
    return byWorkload;
  }

  private static double grams(
      Scenario scenario, Workload workload, Map<String, double[]> integrals) {
    long step = scenario.step().getSeconds();
    double best = Double.MAX_VALUE;
    long duration = workload.duration().getSeconds();
    for (String name : workload.regions()) {
      int region = scenario.regionIndex(name);
      IntensitySeries actual = scenario.actual(region);
      double[] integral = integrals.computeIfAbsent(actual.zone(), zone -> integral(actual));
      double perGpuSecond = workload.gpus() * scenario.kwhPerGpuSecond(region);
      Instant first = alignUp(workload.earliestStart(), scenario.start(), step);
      for (Instant start = first;
          !start.isAfter(workload.latestStart());
          start = start.plusSeconds(step)) {
        double gramSeconds =
            at(actual, integral, start.plusSeconds(duration)) - at(actual, integral, start);
        best = Math.min(best, perGpuSecond * gramSeconds);
      }
      if (first.isAfter(workload.latestStart())) {
        Instant start = workload.earliestStart();
        best =
            Math.min(
                best,
                perGpuSecond
                    * (at(actual, integral, start.plusSeconds(duration))
                        - at(actual, integral, start)));
      }
    }
    return best;
  }

  /** The first step boundary of the simulation at or after {@code time}. */
  static Instant alignUp(Instant time, Instant origin, long step) {
    long since = Duration.between(origin, time).getSeconds();
    return origin.plusSeconds(-Math.floorDiv(-since, step) * step);
  }

  /** Running integral of intensity over time, in (g/kWh)·s, at each period boundary. */
  static double[] integral(IntensitySeries series) {
    double[] integral = new double[series.size() + 1];
    long seconds = series.step().getSeconds();
    for (int i = 0; i < series.size(); i++) {
      integral[i + 1] = integral[i] + series.gramsPerKwh(i) * seconds;
    }
    return integral;
  }

  static double at(IntensitySeries series, double[] integral, Instant time) {
    long seconds = series.step().getSeconds();
    long offset = Duration.between(series.start(), time).getSeconds();
    int period = (int) Math.min(series.size() - 1, Math.max(0, offset / seconds));
    return integral[period] + series.gramsPerKwh(period) * (offset - period * seconds);
  }
}
