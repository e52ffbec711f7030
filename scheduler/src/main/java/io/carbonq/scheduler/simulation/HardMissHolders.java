package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What stood in the way of one policy's hard misses: for each latency-sensitive pod it started
 * late, the GPUs other work held in the pod's home pool one step after it arrived, by kind of
 * holder, averaged over those misses. Work the policy could have paused or kept away shows up as
 * pausable or rigid holders; other latency-sensitive pods, which no schedule may delay, as
 * latency-sensitive ones. {@code meanPoolGpus} is the size of those home pools, averaged the same
 * way: a pool far from full points at work queued ahead of the pod instead.
 */
public record HardMissHolders(
    String policy, long hardMisses, double meanPoolGpus, Map<String, Double> meanGpus) {
  private static final Duration LONG = Duration.ofHours(24);

  public HardMissHolders {
    meanGpus = Collections.unmodifiableMap(new LinkedHashMap<>(meanGpus));
  }

  /** Every policy of {@code comparison} with hard misses, holders in a fixed order. */
  public static List<HardMissHolders> of(Comparison comparison) {
    Scenario scenario = comparison.scenario();
    List<HardMissHolders> rows = new ArrayList<>();
    for (SimulationResult result : comparison.results()) {
      List<List<JobRun>> byRegion = new ArrayList<>();
      scenario.regions().forEach(region -> byRegion.add(new ArrayList<>()));
      for (JobRun run : result.runs()) {
        run.spans().stream()
            .map(RunSpan::region)
            .distinct()
            .forEach(region -> byRegion.get(region).add(run));
      }
      Map<String, Double> held = new LinkedHashMap<>();
      kinds().forEach(kind -> held.put(kind, 0.0));
      long misses = 0;
      double poolGpus = 0;
      int[] capacities = scenario.capacities();
      for (JobRun miss : result.runs()) {
        if (!ClassBreakdown.latencySensitive(miss.workload()) || !SimulationResult.missed(miss)) {
          continue;
        }
        misses++;
        int home = scenario.regionIndex(miss.workload().home().orElseThrow());
        poolGpus += capacities[home];
        Instant at = miss.workload().earliestStart().plus(scenario.step());
        for (JobRun other : byRegion.get(home)) {
          if (other != miss && holds(other, home, at)) {
            held.merge(
                kindOf(other, miss.workload()), (double) other.workload().gpus(), Double::sum);
          }
        }
      }
      if (misses > 0) {
        long count = misses;
        held.replaceAll((kind, gpus) -> gpus / count);
        rows.add(new HardMissHolders(result.policy(), misses, poolGpus / misses, held));
      }
    }
    return rows;
  }

  private static boolean holds(JobRun run, int region, Instant at) {
    return run.spans().stream()
        .anyMatch(
            span ->
                span.region() == region && !span.from().isAfter(at) && span.until().isAfter(at));
  }

  /** e.g. {@code latency-sensitive >=24h}, {@code rigid home <24h}, {@code pausable elsewhere}. */
  static String kindOf(JobRun holder, Workload missed) {
    Workload workload = holder.workload();
    String length = holder.actual().duration().compareTo(LONG) >= 0 ? ">=24h" : "<24h";
    if (ClassBreakdown.latencySensitive(workload)) {
      return ClassBreakdown.LATENCY_SENSITIVE + " " + length;
    }
    String from = workload.home().equals(missed.home()) ? "home" : "elsewhere";
    return (workload.interruptible() ? "pausable " : "rigid ") + from + " " + length;
  }

  private static List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    for (String length : List.of("<24h", ">=24h")) {
      kinds.add(ClassBreakdown.LATENCY_SENSITIVE + " " + length);
    }
    for (String kind : List.of("rigid", "pausable")) {
      for (String from : List.of("home", "elsewhere")) {
        for (String length : List.of("<24h", ">=24h")) {
          kinds.add(kind + " " + from + " " + length);
        }
      }
    }
    return kinds;
  }
}
