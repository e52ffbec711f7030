package io.carbonq.scheduler.service;

import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Instant;
import java.util.List;

/**
 * Where dispatched jobs run: the local simulated cluster by default, Kubernetes in production. The
 * service decides what runs where and when; an executor only starts, stops and reports.
 */
public interface JobExecutor {

  /**
   * A change an executor observed: a job started running, succeeded or failed; or, with {@code
   * DISPATCHED}, why a dispatched job does not start (its state stays, its reason changes).
   */
  record RunEvent(String jobId, JobState state, Instant at, String reason) {}

  /** Starts {@code job} as planned. Idempotent: starting a job it already runs does nothing. */
  void start(QueuedJob job, PlannedRun plan);

  /**
   * Pauses a running job at the end of its planned piece: its pods stop (after the grace period, so
   * the training code can checkpoint) and the job waits, on its pool, for its next piece.
   */
  void pause(QueuedJob job, Instant at);

  /**
   * Lets a paused job run again as {@code plan} says. Idempotent, and after a restart it adopts the
   * paused run it finds (or starts the remaining work where nothing is left of it).
   */
  void resume(QueuedJob job, PlannedRun plan, Instant at);

  /** Whether the executor runs (or ran) the job, e.g. to recover after a restart. */
  boolean knows(String jobId);

  /**
   * Stops the job and removes its run if it runs or waits paused, also one started before a
   * restart; nothing if it never ran.
   */
  void cancel(QueuedJob job);

  /**
   * What the job's runs printed, oldest first; empty when the executor keeps none (no run has
   * started, or their output is gone). May call the cluster, and fail as {@link #start} does.
   */
  default List<RunLog> logs(QueuedJob job) {
    return List.of();
  }

  /** The changes since the last call, oldest first. */
  List<RunEvent> poll(Instant now);

  /**
   * The run that {@code ran}, the pieces in which the service saw a job run, stands for: the same
   * on a cluster that runs jobs in real time, which is what this default says; a simulated one that
   * runs them faster stretches the pieces back to the work done.
   */
  default List<Segment> run(List<Segment> ran) {
    return ran;
  }

  /**
   * Pools whose cluster did not answer the last call; the planner leaves them out until they answer
   * again.
   */
  default java.util.Set<String> unavailablePools() {
    return java.util.Set.of();
  }

  /**
   * A job submitted to the cluster itself that waits for carbonq to release it (a Kueue Workload on
   * carbonq's admission check), as the queue takes it in: once, by {@code requestId}.
   */
  record Adopted(io.carbonq.scheduler.domain.Workload workload, String requestId) {}

  /** The jobs waiting on carbonq in the cluster; none for an executor that holds none. */
  default List<Adopted> waitingOnCarbonq(Instant now) {
    return List.of();
  }

  /**
   * Whether the cluster holds {@code job} until carbonq releases it, rather than carbonq running
   * it: such a job is released at once when carbonq finds no window for it, since the cluster's own
   * quota decides then.
   */
  default boolean holdsElsewhere(QueuedJob job) {
    return false;
  }

  /** Tells the cluster why a job it holds still waits: carbonq's plan, or why there is none. */
  default void explainWaiting(QueuedJob job) {}
}
