package io.carbonq.scheduler.queue;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload as the queue holds it: the spec, its state and the reason for it, its plan, the times
 * of its life, what it has run once dispatched, and a version that changes with every update.
 */
public record QueuedJob(
    Workload workload,
    Optional<String> requestId,
    JobState state,
    String stateReason,
    Instant submittedAt,
    Optional<PlannedRun> plan,
    Optional<Instant> dispatchedAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<RunHistory> history,
    long version) {

  public QueuedJob {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(state, "state");
    stateReason = stateReason == null ? "" : stateReason;
  }

  public String id() {
    return workload.id();
  }

  public String owner() {
    return workload.owner();
  }

  /**
   * The work still to do by the estimate: the workload's duration less the work its runs have done,
   * none when they have done it all.
   */
  public Duration workLeft(Instant now, Duration resumeOverhead) {
    Duration done = history.map(run -> run.workDone(now, resumeOverhead)).orElse(Duration.ZERO);
    Duration left = workload.duration().minus(done);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** This job with {@code other} as its spec, as a planning cycle may see it. */
  public QueuedJob withWorkload(Workload other) {
    return new QueuedJob(
        other,
        requestId,
        state,
        stateReason,
        submittedAt,
        plan,
        dispatchedAt,
        startedAt,
        finishedAt,
        history,
        version);
  }

  /** A job just submitted. */
  public static QueuedJob submitted(Workload workload, Optional<String> requestId, Instant at) {
    return new QueuedJob(
        workload,
        requestId,
        JobState.QUEUED,
        "waiting for the next planning cycle",
        at,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }
}
