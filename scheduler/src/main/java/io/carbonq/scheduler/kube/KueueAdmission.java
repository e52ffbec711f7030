package io.carbonq.scheduler.kube;

import io.carbonq.config.ExecutorConfig;
import io.carbonq.k8s.ClusterException;
import io.carbonq.k8s.KueueWorkloads;
import io.carbonq.k8s.KueueWorkloads.CheckState;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.JobExecutor;
import io.carbonq.scheduler.service.RunLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * carbonq as the controller of a Kueue admission check, beside the executor of its own jobs. Each
 * planning cycle takes in the Workloads whose check is {@code Pending} as jobs of the queue (once,
 * by their uid), so that they are planned with carbonq's own and listed with them; while one waits,
 * its check's message says why ("deferred 6h to 02:00 UTC: 41% less than now"). At its planned
 * start carbonq sets the check {@code Ready} and Kueue admits it; to pause an interruptible one it
 * sets {@code Retry}, so Kueue evicts and requeues it with its quota right; a cancellation sets
 * {@code Rejected}. Every other job goes to {@code jobs}, the Job executor.
 */
public final class KueueAdmission implements JobExecutor {
  private static final System.Logger LOG = System.getLogger(KueueAdmission.class.getName());

  private final JobExecutor jobs;
  private final KueueWorkloads workloads;
  private final ExecutorConfig.KueueAdmission settings;
  private final Fleet fleet;
  private volatile Set<String> checks = Set.of();

  /** Released Workloads carbonq follows until they finish, by job id. */
  private final Map<String, QueuedJob> released = new ConcurrentHashMap<>();

  /** The released ones Kueue has admitted. */
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  public KueueAdmission(
      JobExecutor jobs,
      KueueWorkloads workloads,
      ExecutorConfig.KueueAdmission settings,
      Fleet fleet) {
    this.jobs = jobs;
    this.workloads = workloads;
    this.settings = settings;
    this.fleet = fleet;
  }

  @Override
  public List<Adopted> waitingOnCarbonq(Instant now) {
    checks = workloads.checks();
    workloads.markActive(checks);
    List<Adopted> adopted = new ArrayList<>();
    for (KueueWorkloads.Waiting waiting : workloads.waiting(checks)) {
      String where = waiting.namespace() + "/" + waiting.name();
      if (waiting.gpus() == 0) {
        try {
          release(waiting, "carbonq releases it at once: it asks for no nvidia.com/gpu");
        } catch (RuntimeException cannot) {
          LOG.log(System.Logger.Level.WARNING, "cannot release " + where + ": " + cannot);
        }
        continue;
      }
      try {
        adopted.add(
            new Adopted(KueueJobs.job(waiting, settings, fleet), KueueJobs.requestId(waiting)));
      } catch (RuntimeException e) {
        // One Workload carbonq cannot read never stops the others: it goes to Kueue at once.
        LOG.log(System.Logger.Level.WARNING, "Workload " + where + ": " + e.getMessage());
        try {
          release(waiting, "carbonq releases it at once: " + e.getMessage());
        } catch (RuntimeException cannot) {
          LOG.log(System.Logger.Level.WARNING, "cannot release " + where + ": " + cannot);
        }
      }
    }
    return adopted;
  }

  private void release(KueueWorkloads.Waiting waiting, String why) {
    workloads.setCheck(waiting.namespace(), waiting.name(), checks, CheckState.READY, why);
  }

  @Override
  public boolean holdsElsewhere(QueuedJob job) {
    return KueueJobs.isKueue(job);
  }

  @Override
  public void explainWaiting(QueuedJob job) {
    if (!KueueJobs.isKueue(job)
        || (job.state() != JobState.QUEUED && job.state() != JobState.PLANNED)) {
      return;
    }
    String why = job.plan().map(PlannedRun::why).orElse(job.stateReason());
    set(job, CheckState.PENDING, "carbonq: " + why);
  }

  @Override
  public void start(QueuedJob job, PlannedRun plan) {
    if (!KueueJobs.isKueue(job)) {
      jobs.start(job, plan);
      return;
    }
    release(job, plan, "released by carbonq: ");
  }

  /**
   * Sets the check Ready; with MultiKueue, nominates the worker cluster of the pool the plan chose.
   */
  private void release(QueuedJob job, PlannedRun plan, String how) {
    String[] where = KueueJobs.workload(job);
    refreshChecks();
    workloads.setCheck(
        where[0],
        where[1],
        checks,
        CheckState.READY,
        how + plan.why(),
        java.util.Optional.ofNullable(settings.workerClusters().get(plan.pool())));
    released.put(job.id(), job);
  }

  @Override
  public void pause(QueuedJob job, Instant at) {
    if (!KueueJobs.isKueue(job)) {
      jobs.pause(job, at);
      return;
    }
    String next =
        job.plan()
            .flatMap(plan -> plan.nextPieceAfter(at))
            .map(Segment::start)
            .map(Object::toString)
            .orElse("its next piece");
    // Retry: Kueue evicts the Workload, gives back its quota and queues it again.
    released.remove(job.id());
    set(job, CheckState.RETRY, "paused by carbonq until " + next);
  }

  @Override
  public void resume(QueuedJob job, PlannedRun plan, Instant at) {
    if (!KueueJobs.isKueue(job)) {
      jobs.resume(job, plan, at);
      return;
    }
    release(job, plan, "resumed by carbonq: ");
  }

  @Override
  public boolean knows(String jobId) {
    return released.containsKey(jobId) || jobs.knows(jobId);
  }

  @Override
  public void cancel(QueuedJob job) {
    if (!KueueJobs.isKueue(job)) {
      jobs.cancel(job);
      return;
    }
    released.remove(job.id());
    set(job, CheckState.REJECTED, "cancelled in carbonq");
  }

  @Override
  public List<RunLog> logs(QueuedJob job) {
    return KueueJobs.isKueue(job) ? List.of() : jobs.logs(job);
  }

  @Override
  public List<RunEvent> poll(Instant now) {
    List<RunEvent> events = new ArrayList<>(jobs.poll(now));
    for (QueuedJob job : List.copyOf(released.values())) {
      String[] where = KueueJobs.workload(job);
      try {
        var state = workloads.state(where[0], where[1], checks);
        if (state.isEmpty()) {
          released.remove(job.id());
          boolean ran = admitted.remove(job.id());
          events.add(
              new RunEvent(
                  job.id(),
                  JobState.CANCELLED,
                  now,
                  ran
                      ? "its Kueue Workload was deleted after Kueue admitted it; Kueue keeps no"
                          + " outcome"
                      : "its Kueue Workload was deleted before Kueue admitted it"));
        } else if (state.get().finished()) {
          admitted.remove(job.id());
          released.remove(job.id());
          events.add(
              new RunEvent(
                  job.id(),
                  state.get().succeeded() ? JobState.SUCCEEDED : JobState.FAILED,
                  now,
                  "Kueue: " + state.get().reason()));
        } else if (state.get().admitted()) {
          admitted.add(job.id());
          events.add(new RunEvent(job.id(), JobState.RUNNING, now, "admitted by Kueue"));
        } else if (CheckState.PENDING.value().equals(state.get().checkState())) {
          // Kueue evicted it (preemption, pods not ready) and put its checks back to Pending:
          // its window is now, so carbonq releases it again at once.
          set(job, CheckState.READY, "released again by carbonq after Kueue evicted it");
        }
      } catch (ClusterException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot read Workload of " + job.id() + ": " + e);
      }
    }
    return events;
  }

  @Override
  public List<Segment> run(List<Segment> ran) {
    return jobs.run(ran);
  }

  @Override
  public Set<String> unavailablePools() {
    return jobs.unavailablePools();
  }

  private void refreshChecks() {
    if (checks.isEmpty()) {
      checks = workloads.checks(); // after a restart, before the first cycle has read them
    }
  }

  private void set(QueuedJob job, CheckState state, String message) {
    refreshChecks();
    String[] where = KueueJobs.workload(job);
    workloads.setCheck(where[0], where[1], checks, state, message);
  }
}
