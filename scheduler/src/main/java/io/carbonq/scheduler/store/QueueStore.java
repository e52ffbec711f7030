package io.carbonq.scheduler.store;

import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The persistent queue. Every change is one transaction and a compare-and-set on the job's state
 * (or version), so two scheduler instances on one database never both move the same job: exactly
 * one of them wins, the other is told so. Each change is also written to the decision log.
 */
public interface QueueStore {

  /** What a submission did: stored the job, or found the one with the same request id. */
  record Submission(QueuedJob job, boolean created) {}

  /**
   * Stores {@code job} (state queued). A job with the same owner and request id already stored is
   * returned instead, unchanged, so a retried submission never queues twice.
   *
   * @throws DuplicateIdException if another job already has this id
   */
  Submission submit(QueuedJob job);

  /** Stores all trials of a sweep in one transaction, or none; idempotent like {@link #submit}. */
  default List<Submission> submitAll(List<QueuedJob> jobs) {
    return submitAll(jobs, Optional.empty());
  }

  /**
   * As {@link #submitAll(List)}, for one request whose body has {@code requestDigest}: a job with
   * the same request id but another digest is not returned as a retry; {@link
   * IdempotencyConflictException} says the key was reused.
   */
  List<Submission> submitAll(List<QueuedJob> jobs, Optional<String> requestDigest);

  Optional<QueuedJob> get(String id);

  /** Jobs matching the filter, oldest submission first (newest first if the filter says so). */
  List<QueuedJob> list(JobFilter filter);

  /**
   * A page of the jobs matching the filter, oldest submission first (newest first if the filter
   * says so): at most {@code filter.limit()} of them, starting after {@code after} (a key an
   * earlier page of the same order gave), with the count of all jobs matching the filter. Paging
   * follows the sort order (submission time, then id), so a walk over every page sees each job that
   * was there when it began exactly once.
   */
  Page<QueuedJob> page(JobFilter filter, Optional<PageKey> after);

  /** The jobs the planner still moves: queued, planned and paused. */
  default List<QueuedJob> plannable() {
    return list(JobFilter.all().withStates(JobState.PLANNABLE));
  }

  /** How many jobs are in each state. */
  java.util.Map<JobState, Long> countByState();

  /** Planned kgCO2e and kgCO2e of running at once, summed per state (jobs with a plan). */
  record Emissions(double plannedKg, double runNowKg) {}

  java.util.Map<JobState, Emissions> emissionsByState();

  /**
   * Records a plan for a job still queued, planned, paused or running at {@code version}; false if
   * it has changed since (cancelled, dispatched or replanned by someone else). A paused or running
   * job keeps its state: the plan is of its remaining work.
   */
  boolean recordPlan(String id, long version, PlannedRun plan, Instant at);

  /**
   * Puts a planned or queued job back to queued with {@code reason} (deferred); false if it has
   * changed since {@code version}.
   */
  boolean recordDeferral(String id, long version, String reason, Instant at);

  /**
   * Moves a job from one of {@code from} to {@code to}; false (and nothing written) when it is in
   * none of them any more. This is how dispatch is made exactly-once: only one caller moves a job
   * from planned to dispatched.
   */
  boolean transition(String id, Set<JobState> from, JobState to, String reason, Instant at);

  /**
   * Fails every open job whose stored spec could not be read back since the last call, with the
   * reason; reads skip such jobs. Returns how many were failed.
   */
  int failUnreadable(Instant at);

  /**
   * Moves a running job to paused, closing the piece it ran: its plan keeps the pieces after {@code
   * at}, and the planned kgCO2e of the piece run moves to its history. False when it no longer runs
   * (it finished, was cancelled or paused by someone else).
   *
   * @throws IllegalArgumentException if its plan has no piece after {@code at}
   */
  boolean recordPause(String id, Instant at, String reason);

  /**
   * Gives a job still in {@code state} a new reason, logged as {@code waiting}; false when it has
   * left that state or already has that reason.
   */
  boolean recordReason(String id, JobState state, String reason, Instant at);

  /**
   * Running jobs whose plan may pause them: planned in pieces, or planned to go on only after
   * {@code now}.
   */
  List<QueuedJob> runningToPause(Instant now);

  /**
   * Planned jobs whose planned start, and paused jobs whose next piece, is at or before {@code
   * now}, earliest first.
   */
  List<QueuedJob> dueForDispatch(Instant now, int limit);

  /** The decision log of one job, oldest first. */
  List<DecisionRecord> decisions(String id);

  /**
   * A page of the decision log of one job, oldest first: at most {@code limit} entries after {@code
   * after} (a key an earlier page gave), with the length of the whole log.
   */
  Page<DecisionRecord> decisions(String id, Optional<PageKey> after, int limit);
}
