package io.carbonq.scheduler.planning;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the planner may split interruptible workloads into pieces, and what a piece costs. With
 * {@link #NONE} every workload runs in one window. Otherwise an interruptible workload may run in
 * the cleanest slots before its deadline, each resume adding {@code resumeOverhead} of work (the
 * checkpoint restore), and {@code runningOn} names the pool of each workload that is running now:
 * it may go on there without a resume, or pause and resume there later; {@code pausedOn} names the
 * pool of each paused workload that may resume only there (its paused Job lives on that cluster).
 * {@code progress} is the work a started workload has done: it keeps the place in the planning
 * order its whole run had, so that work that has progressed is not pushed behind its peers and
 * paused at every replan.
 */
public record Interruptions(
    boolean split,
    Duration resumeOverhead,
    Map<String, String> runningOn,
    Map<String, String> pausedOn,
    Map<String, Duration> progress) {
  /** Every workload in one window; nothing running is replanned. */
  public static final Interruptions NONE =
      new Interruptions(false, Duration.ZERO, Map.of(), Map.of(), Map.of());

  public Interruptions {
    Objects.requireNonNull(resumeOverhead, "resumeOverhead");
    if (resumeOverhead.isNegative()) {
      throw new IllegalArgumentException("resumeOverhead must not be negative");
    }
    runningOn = Map.copyOf(runningOn);
    pausedOn = Map.copyOf(pausedOn);
    progress = Map.copyOf(progress);
  }

  /**
   * Splitting allowed; {@code runningOn}: workload id → the pool it is running on now; {@code
   * progress}: workload id → work done so far.
   */
  public static Interruptions split(
      Duration resumeOverhead, Map<String, String> runningOn, Map<String, Duration> progress) {
    return new Interruptions(true, resumeOverhead, runningOn, Map.of(), progress);
  }

  /**
   * Splitting allowed, with paused workloads that resume only where they paused; {@code pausedOn}:
   * workload id → that pool.
   */
  public static Interruptions split(
      Duration resumeOverhead,
      Map<String, String> runningOn,
      Map<String, String> pausedOn,
      Map<String, Duration> progress) {
    return new Interruptions(true, resumeOverhead, runningOn, pausedOn, progress);
  }

  /** The work {@code workloadId} has done so far; zero when it has not started. */
  public Duration progressOf(String workloadId) {
    return progress.getOrDefault(workloadId, Duration.ZERO);
  }
}
