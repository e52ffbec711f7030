package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy's emissions in one class of job, against the per-job oracle O1 (each job alone at its
 * best region and window, with no capacity limit): what a policy emits above O1 in a class is what
 * capacity, the queue and its own choices cost there. The classes: pods that must start on arrival
 * at home, then other pods and sweep trials by whether they may pause, whether they may run in
 * another region than their home, and by run time.
 */
public record ClassBreakdown(
    String policy,
    String jobClass,
    int jobs,
    double kgCo2e,
    double perJobOracleKg,
    long resumes,
    long deadlineMisses) {

  public static final String LATENCY_SENSITIVE = "latency-sensitive";
  private static final List<String> CLASSES = classes();

  public double aboveOracleKg() {
    return kgCo2e - perJobOracleKg;
  }

  /** Every policy of {@code comparison}, class by class, in a fixed order of classes. */
  public static List<ClassBreakdown> of(Comparison comparison) {
    Map<Workload, Double> oracle = PerJobOracle.kgCo2eByWorkload(comparison.scenario());
    List<ClassBreakdown> rows = new ArrayList<>();
    for (SimulationResult result : comparison.results()) {
      Map<String, Sum> sums = new LinkedHashMap<>();
      CLASSES.forEach(jobClass -> sums.put(jobClass, new Sum()));
      for (JobRun run : result.runs()) {
        Sum sum = sums.get(classOf(run.actual(), run.workload()));
        sum.jobs++;
        sum.kgCo2e += run.kgCo2e();
        sum.perJobOracleKg += oracle.get(run.actual());
        sum.resumes += run.resumes();
        sum.deadlineMisses += SimulationResult.missed(run) ? 1 : 0;
      }
      sums.forEach(
          (jobClass, sum) -> {
            if (sum.jobs > 0) {
              rows.add(
                  new ClassBreakdown(
                      result.policy(),
                      jobClass,
                      sum.jobs,
                      sum.kgCo2e,
                      sum.perJobOracleKg,
                      sum.resumes,
                      sum.deadlineMisses));
            }
          });
    }
    return rows;
  }

  /** One class's running totals. */
  private static final class Sum {
    int jobs;
    double kgCo2e;
    double perJobOracleKg;
    long resumes;
    long deadlineMisses;
  }

  /** Work submitted with no slack at all: it must start on arrival. */
  static boolean latencySensitive(Workload submitted) {
    return submitted.latestStart().equals(submitted.earliestStart());
  }

  /**
   * The class of a run of {@code actual}, e.g. {@code pod rigid home <1h} or {@code trial pausable
   * mobile 6-24h}: latency-sensitive if it was submitted so.
   */
  static String classOf(Workload actual, Workload submitted) {
    if (latencySensitive(submitted)) {
      return LATENCY_SENSITIVE;
    }
    return String.join(
        " ",
        actual.sweep().isPresent() ? "trial" : "pod",
        actual.interruptible() ? "pausable" : "rigid",
        actual.regions().size() > 1 ? "mobile" : "home",
        length(actual.duration().toMinutes()));
  }

  private static String length(long minutes) {
    if (minutes < 60) {
      return "<1h";
    }
    if (minutes < 6 * 60) {
      return "1-6h";
    }
    return minutes < 24 * 60 ? "6-24h" : ">=24h";
  }

  private static List<String> classes() {
    List<String> classes = new ArrayList<>(List.of(LATENCY_SENSITIVE));
    for (String kind : List.of("pod", "trial")) {
      for (String pausing : List.of("rigid", "pausable")) {
        for (String place : List.of("home", "mobile")) {
          for (String length : List.of("<1h", "1-6h", "6-24h", ">=24h")) {
            classes.add(String.join(" ", kind, pausing, place, length));
          }
        }
      }
    }
    return classes;
  }
}
