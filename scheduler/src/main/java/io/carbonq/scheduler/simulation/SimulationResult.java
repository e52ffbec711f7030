package io.carbonq.scheduler.simulation;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one policy did in one scenario: every workload's run, and the metrics of the benchmark.
 * {@code utilisation} is the share of the pools' GPUs held by running work while workloads were
 * still arriving (each step a workload runs in counts whole).
 */
public record SimulationResult(
    String policy, Scenario scenario, List<JobRun> runs, double utilisation) {

  public SimulationResult {
    runs = List.copyOf(runs);
  }

  public double kgCo2e() {
    return runs.stream().mapToDouble(JobRun::kgCo2e).sum();
  }

  public double kwh() {
    return runs.stream().mapToDouble(JobRun::kwh).sum();
  }

  /** GPU-hours of the workloads that finished (their nominal duration, overheads excluded). */
  public double completedGpuHours() {
    return runs.stream()
        .filter(JobRun::finished)
        .mapToDouble(r -> r.actual().gpus() * r.actual().duration().getSeconds() / 3600.0)
        .sum();
  }

  public long unfinished() {
    return runs.stream().filter(r -> !r.finished()).count();
  }

  /** Workloads that finished after their deadline or not at all. */
  public long deadlineMisses() {
    return runs.stream().filter(SimulationResult::missed).count();
  }

  public double deadlineMissPct() {
    return runs.isEmpty() ? 0 : 100.0 * deadlineMisses() / runs.size();
  }

  /**
   * Misses among workloads submitted with no slack at all (they had to start on arrival); not those
   * whose users underestimated them so far that only starting at once could meet them.
   */
  public long hardDeadlineMisses() {
    return runs.stream()
        .filter(r -> ClassBreakdown.latencySensitive(r.workload()))
        .filter(SimulationResult::missed)
        .count();
  }

  /** Whether the run finished after its workload's actual deadline, or never. */
  static boolean missed(JobRun run) {
    return !run.finished() || run.end().isAfter(run.actual().deadline());
  }

  /** Waits from arrival to first start, in hours, of the workloads that started. */
  private double[] waitsHours() {
    return runs.stream()
        .filter(JobRun::started)
        .mapToDouble(
            r ->
                Duration.between(r.workload().earliestStart(), r.firstStart()).getSeconds()
                    / 3600.0)
        .sorted()
        .toArray();
  }

  public double meanWaitHours() {
    return Arrays.stream(waitsHours()).average().orElse(0);
  }

  public double p95WaitHours() {
    double[] waits = waitsHours();
    return waits.length == 0 ? 0 : waits[(int) Math.ceil(0.95 * waits.length) - 1];
  }

  public double migrationsPerJob() {
    return runs.isEmpty()
        ? 0
        : runs.stream().mapToInt(JobRun::migrations).sum() / (double) runs.size();
  }

  public double resumesPerJob() {
    return runs.isEmpty()
        ? 0
        : runs.stream().mapToInt(JobRun::resumes).sum() / (double) runs.size();
  }
}
