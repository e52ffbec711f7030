package io.carbonq.scheduler.simulation;

import com.google.ortools.Loader;
import com.google.ortools.graph.MinCostFlow;
import com.google.ortools.graph.MinCostFlowBase;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * O2 as a min-cost flow in GPU-minutes: each workload supplies its GPUs × minutes of work; it may
 * send at most its GPUs × the minutes it overlaps each hour of each allowed region within its
 * window; each region-hour passes at most the pool's GPUs × 60 to the sink. The cost of a unit is
 * the hour's intensity × the region's PUE. Work that cannot fit before its deadline may spill into
 * the week after it at a prohibitive extra cost, so late work is first minimised and only then
 * emissions. Resume overheads are left out: the result bounds every schedule from below.
 *
 * <p>A sweep's trials keep its cap on trials at once: their on-time work passes through a gate per
 * sweep and hour that holds at most the cap × GPUs × 60 GPU-minutes, and from there to the hours of
 * the sweep's regions. (The cap binds per hour, not per minute, and late work skips the gate: both
 * only loosen the bound.)
 */
public final class MinCostFlowLimit implements CapacityAwareLimit {
  private static final long LATE_PENALTY = 1_000_000_000L;
  private static final Duration SPILL = Duration.ofDays(7);
  private static final double COST_SCALE = 1_000_000;

  @Override
  public double kgCo2e(Scenario scenario) {
    Loader.loadNativeLibraries();
    Instant origin = scenario.start().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Instant end =
        scenario.workloads().stream()
            .map(Workload::deadline)
            .max(Instant::compareTo)
            .orElse(origin)
            .plus(SPILL);
    int hours = (int) Duration.between(origin, end).toHours() + 1;
    int regions = scenario.regions().size();
    int jobs = scenario.workloads().size();
    int sink = jobs + regions * hours;
    MinCostFlow flow = new MinCostFlow();
    List<double[]> arcCosts = new ArrayList<>();
    SweepGates gates = new SweepGates(scenario, flow, arcCosts, origin, sink + 1);
    long total = 0;
    for (int j = 0; j < jobs; j++) {
      Workload workload = scenario.workloads().get(j);
      // Whole minutes, rounded down, so the bound never counts more work than there is.
      long minutes = workload.duration().getSeconds() / 60;
      long work = workload.gpus() * minutes;
      total += work;
      flow.setNodeSupply(j, work);
      for (String name : workload.regions()) {
        int region = scenario.regionIndex(name);
        boolean home = name.equals(workload.home().orElseThrow());
        Instant until = home ? workload.deadline().plus(SPILL) : workload.deadline();
        addArcs(
            scenario, flow, arcCosts, gates, j, workload, region, origin, until, hours, regions);
      }
    }
    for (int r = 0; r < regions; r++) {
      for (int h = 0; h < hours; h++) {
        flow.addArcWithCapacityAndUnitCost(
            slot(jobs, regions, r, h), sink, scenario.capacities()[r] * 60L, 0);
      }
    }
    flow.setNodeSupply(sink, -total);
    MinCostFlowBase.Status status = flow.solve();
    if (status != MinCostFlowBase.Status.OPTIMAL) {
      throw new IllegalStateException("min-cost flow for O2 ended " + status);
    }
    double grams = 0;
    for (int arc = 0; arc < Math.min(arcCosts.size(), flow.getNumArcs()); arc++) {
      double[] cost = arcCosts.get(arc);
      if (cost != null && flow.getFlow(arc) > 0) {
        grams += flow.getFlow(arc) * cost[0];
      }
    }
    return grams / 1000;
  }

  /**
   * Arcs from a workload to each hour of a region it may use, in its window (and spill at home).
   */
  private static void addArcs(
      Scenario scenario,
      MinCostFlow flow,
      List<double[]> arcCosts,
      SweepGates gates,
      int job,
      Workload workload,
      int region,
      Instant origin,
      Instant until,
      int hours,
      int regions) {
    IntensitySeries actual = scenario.actual(region);
    double kwhPerGpuMinute = scenario.kwhPerGpuSecond(region) * 60;
    Instant from = workload.earliestStart();
    int first = (int) Duration.between(origin, from).toHours();
    int jobs = scenario.workloads().size();
    for (int h = Math.max(0, first); h < hours; h++) {
      Instant hourStart = origin.plus(Duration.ofHours(h));
      Instant hourEnd = hourStart.plus(Duration.ofHours(1));
      if (!hourStart.isBefore(until)) {
        break;
      }
      Instant a = hourStart.isBefore(from) ? from : hourStart;
      Instant b = hourEnd.isAfter(until) ? until : hourEnd;
      double intensity = actual.gramsPerKwhAt(hourStart);
      Instant deadline = workload.deadline();
      Instant onTimeEnd = b.isAfter(deadline) ? deadline : b;
      Instant lateStart = a.isBefore(deadline) ? deadline : a;
      if (workload.sweep().isPresent()) {
        // Once per hour, not per region: the gate itself leads to every region of the sweep.
        if (name(scenario, region).equals(workload.home().orElseThrow())) {
          addArc(
              flow,
              arcCosts,
              job,
              gates.gate(workload, h),
              workload.gpus() * minutes(a, onTimeEnd),
              0,
              0);
        }
      } else {
        addArc(
            flow,
            arcCosts,
            job,
            slot(jobs, regions, region, h),
            workload.gpus() * minutes(a, onTimeEnd),
            intensity * kwhPerGpuMinute,
            0);
      }
      addArc(
          flow,
          arcCosts,
          job,
          slot(jobs, regions, region, h),
          workload.gpus() * minutes(lateStart, b),
          intensity * kwhPerGpuMinute,
          LATE_PENALTY);
    }
  }

  private static String name(Scenario scenario, int region) {
    return scenario.regions().get(region).name();
  }

  /**
   * Per sweep and hour, an entry node whose outflow is capped at the sweep's trials at once, with
   * arcs on to that hour of each region the sweep may use, priced at its intensity.
   */
  private static final class SweepGates {
    private final Scenario scenario;
    private final MinCostFlow flow;
    private final List<double[]> arcCosts;
    private final Instant origin;
    private final Map<String, Integer> entries = new HashMap<>();
    private int nextNode;

    SweepGates(
        Scenario scenario,
        MinCostFlow flow,
        List<double[]> arcCosts,
        Instant origin,
        int firstFreeNode) {
      this.scenario = scenario;
      this.flow = flow;
      this.arcCosts = arcCosts;
      this.origin = origin;
      this.nextNode = firstFreeNode;
    }

    int gate(Workload trial, int hour) {
      SweepRef sweep = trial.sweep().orElseThrow();
      return entries.computeIfAbsent(
          sweep.sweepId() + "@" + hour,
          key -> {
            int entry = nextNode++;
            int exit = nextNode++;
            addArc(flow, arcCosts, entry, exit, sweep.maxParallel() * trial.gpus() * 60L, 0, 0);
            int jobs = scenario.workloads().size();
            int regions = scenario.regions().size();
            Instant hourStart = origin.plus(Duration.ofHours(hour));
            for (String name : trial.regions()) {
              int region = scenario.regionIndex(name);
              double intensity = scenario.actual(region).gramsPerKwhAt(hourStart);
              addArc(
                  flow,
                  arcCosts,
                  exit,
                  slot(jobs, regions, region, hour),
                  sweep.maxParallel() * trial.gpus() * 60L,
                  intensity * scenario.kwhPerGpuSecond(region) * 60,
                  0);
            }
            return entry;
          });
    }
  }

  private static long minutes(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMinutes());
  }

  private static void addArc(
      MinCostFlow flow,
      List<double[]> arcCosts,
      int tail,
      int head,
      long capacity,
      double gramsPerUnit,
      long penalty) {
    if (capacity <= 0) {
      return;
    }
    int arc =
        flow.addArcWithCapacityAndUnitCost(
            tail, head, capacity, Math.round(gramsPerUnit * COST_SCALE) + penalty);
    while (arcCosts.size() < arc) {
      arcCosts.add(null);
    }
    arcCosts.add(new double[] {gramsPerUnit});
  }

  private static int slot(int jobs, int regions, int region, int hour) {
    return jobs + hour * regions + region;
  }
}
