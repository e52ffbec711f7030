package io.carbonq.scheduler.kube;

import io.carbonq.config.ExecutorConfig;
import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.k8s.RunSpec;
import io.carbonq.k8s.RunStatus;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.service.JobExecutor;
import io.carbonq.scheduler.service.RunLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs dispatched jobs as Kubernetes Jobs on the cluster of their pool, in their owner's namespace,
 * and reports what the clusters say of them. Starting is idempotent (the Job's name comes from the
 * job id), so after a restart the service's recovery adopts the Jobs it finds instead of making
 * second ones.
 */
public final class KubernetesExecutor implements JobExecutor {
  /** Where one pool's Jobs go. */
  public record Target(KubernetesJobs jobs, ExecutorConfig.PoolTarget pool) {}

  private record Placement(Target target, String namespace, String pool) {}

  private final ExecutorConfig config;
  private final Function<String, Target> targets;
  private final Map<String, Placement> placements = new ConcurrentHashMap<>();
  private final Map<String, RunStatus.Phase> lastPhase = new ConcurrentHashMap<>();
  private final Map<String, String> lastPendingReason = new ConcurrentHashMap<>();
  private final Map<String, Instant> resumedAt = new ConcurrentHashMap<>();
  private final java.util.Set<String> unreachable = ConcurrentHashMap.newKeySet();

  /**
   * @param targets the cluster and node-pool settings of a pool, by pool name
   */
  public KubernetesExecutor(ExecutorConfig config, Function<String, Target> targets) {
    this.config = config;
    this.targets = targets;
  }

  @Override
  public void start(QueuedJob job, PlannedRun plan) {
    Target target = targets.apply(plan.pool());
    String namespace = namespace(job.owner());
    onCluster(plan.pool(), () -> target.jobs().start(spec(job, plan, target, namespace)));
    placements.put(job.id(), new Placement(target, namespace, plan.pool()));
  }

  /** Suspends the Job: its pods get the termination grace period to checkpoint, then stop. */
  @Override
  public void pause(QueuedJob job, Instant at) {
    Placement placement = placement(job, job.plan().map(PlannedRun::pool).orElse(""));
    onCluster(
        placement.pool(),
        () -> placement.target().jobs().suspend(placement.namespace(), job.id(), true));
    lastPhase.put(job.id(), RunStatus.Phase.SUSPENDED);
  }

  /**
   * Lets the suspended Job run again; where the Job is gone (deleted by hand), it is made again and
   * its training code resumes from its checkpoint.
   */
  @Override
  public void resume(QueuedJob job, PlannedRun plan, Instant at) {
    Placement placement = placement(job, plan.pool());
    onCluster(
        placement.pool(),
        () -> {
          if (!placement
              .target()
              .jobs()
              .start(spec(job, plan, placement.target(), placement.namespace()))) {
            placement.target().jobs().suspend(placement.namespace(), job.id(), false);
          }
        });
    placements.put(job.id(), placement);
    // Report the next running phase seen, even if no suspended one was seen in between, and not
    // as starting before now.
    lastPhase.remove(job.id());
    resumedAt.put(job.id(), at);
  }

  /** Where the job's Job lives: as placed, else on the pool it ran on (after a restart). */
  private Placement placement(QueuedJob job, String plannedPool) {
    Placement known = placements.get(job.id());
    if (known != null) {
      return known;
    }
    String pool = job.history().map(RunHistory::pool).orElse(plannedPool);
    return new Placement(targets.apply(pool), namespace(job.owner()), pool);
  }

  /** Runs a call on a pool's cluster, marking the pool unreachable while the cluster refuses. */
  private void onCluster(String pool, Runnable call) {
    try {
      call.run();
      unreachable.remove(pool);
    } catch (io.carbonq.k8s.ClusterException e) {
      unreachable.add(pool);
      throw e;
    }
  }

  private RunSpec spec(QueuedJob job, PlannedRun plan, Target target, String namespace) {
    Workload workload = job.workload();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("carbonq.dev/pool", plan.pool());
    annotations.put("carbonq.dev/region", plan.region());
    annotations.put("carbonq.dev/planned-start", plan.start().toString());
    if (!Double.isNaN(plan.kgCo2e())) {
      annotations.put(
          "carbonq.dev/planned-kgco2e", String.format(Locale.ROOT, "%.4f", plan.kgCo2e()));
    }
    if (!Double.isNaN(plan.nowKgCo2e())) {
      annotations.put(
          "carbonq.dev/run-now-kgco2e", String.format(Locale.ROOT, "%.4f", plan.nowKgCo2e()));
    }
    return new RunSpec(
        job.id(),
        job.owner(),
        workload.sweep().map(sweep -> sweep.sweepId()),
        namespace,
        workload.image(),
        workload.command(),
        workload.env(),
        workload.volumes().stream()
            .map(
                v ->
                    new RunSpec.Mount(
                        v.name(),
                        v.mountPath(),
                        kubernetesKind(v.kind()),
                        v.source(),
                        v.readOnly()))
            .toList(),
        workload.gpus(),
        target.pool().nodeSelector(),
        target.pool().tolerations().stream()
            .map(t -> new RunSpec.Toleration(t.key(), t.operator(), t.value(), t.effect()))
            .toList(),
        annotations,
        false,
        config.terminationGrace(),
        config.kueueQueue());
  }

  /**
   * The output of the job's pods, on the cluster and in the namespace its Job was placed in; none
   * for a job never dispatched.
   */
  @Override
  public List<RunLog> logs(QueuedJob job) {
    Optional<String> pool =
        job.history().map(RunHistory::pool).or(() -> job.plan().map(PlannedRun::pool));
    if (!placements.containsKey(job.id()) && (job.dispatchedAt().isEmpty() || pool.isEmpty())) {
      return List.of();
    }
    Placement placement = placement(job, pool.orElse(""));
    return placement.target().jobs().logs(placement.namespace(), job.id()).stream()
        .map(pod -> new RunLog(pod.pod(), pod.startedAt(), pod.text()))
        .toList();
  }

  @Override
  public boolean knows(String jobId) {
    return placements.containsKey(jobId);
  }

  /** Deletes the job's Job, wherever it was placed, also before this process's time. */
  @Override
  public void cancel(QueuedJob job) {
    Placement placement = placements.remove(job.id());
    if (placement == null && job.history().isPresent()) {
      placement = placement(job, job.history().get().pool());
    }
    if (placement != null) {
      placement.target().jobs().delete(placement.namespace(), job.id());
    }
    lastPhase.remove(job.id());
    lastPendingReason.remove(job.id());
    resumedAt.remove(job.id());
  }

  @Override
  public List<RunEvent> poll(Instant now) {
    List<RunEvent> events = new ArrayList<>();
    Map<String, List<RunStatus>> read = new LinkedHashMap<>();
    for (Map.Entry<String, Placement> entry : placements.entrySet()) {
      Placement placement = entry.getValue();
      String key = System.identityHashCode(placement.target().jobs()) + "/" + placement.namespace();
      List<RunStatus> statuses;
      try {
        statuses =
            read.computeIfAbsent(
                key, k -> placement.target().jobs().statuses(placement.namespace()));
        unreachable.remove(placement.pool());
      } catch (io.carbonq.k8s.ClusterException e) {
        unreachable.add(placement.pool());
        continue;
      }
      Optional<RunStatus> status =
          statuses.stream().filter(s -> s.runId().equals(entry.getKey())).findFirst();
      if (status.isEmpty()) {
        continue;
      }
      RunStatus.Phase phase = status.get().phase();
      if (phase == RunStatus.Phase.PENDING
          && !status
              .get()
              .reason()
              .equals(lastPendingReason.put(entry.getKey(), status.get().reason()))
          && !status.get().reason().equals("pending")) {
        // Why the pods do not start (a bad image, no node fits): the job stays dispatched, and says
        // why.
        events.add(new RunEvent(entry.getKey(), JobState.DISPATCHED, now, status.get().reason()));
      }
      RunStatus.Phase before = lastPhase.put(entry.getKey(), phase);
      if (phase == before) {
        continue;
      }
      switch (phase) {
        case RUNNING ->
            events.add(
                new RunEvent(
                    entry.getKey(),
                    JobState.RUNNING,
                    notBeforeResume(entry.getKey(), status.get().startedAt().orElse(now)),
                    "running on Kubernetes"));
        case SUCCEEDED -> {
          status
              .get()
              .startedAt()
              .filter(start -> before != RunStatus.Phase.RUNNING)
              .ifPresent(
                  start ->
                      events.add(
                          new RunEvent(
                              entry.getKey(),
                              JobState.RUNNING,
                              notBeforeResume(entry.getKey(), start),
                              "running on Kubernetes")));
          events.add(
              new RunEvent(
                  entry.getKey(),
                  JobState.SUCCEEDED,
                  status.get().finishedAt().orElse(now),
                  "the Job completed"));
        }
        case FAILED ->
            events.add(
                new RunEvent(
                    entry.getKey(),
                    JobState.FAILED,
                    status.get().finishedAt().orElse(now),
                    status.get().reason()));
        default -> {}
      }
    }
    return events;
  }

  /** A resumed run starts again no earlier than its resume, whatever start time the Job shows. */
  private Instant notBeforeResume(String jobId, Instant start) {
    Instant resumed = resumedAt.get(jobId);
    return resumed != null && resumed.isAfter(start) ? resumed : start;
  }

  private static String kubernetesKind(io.carbonq.scheduler.domain.Volume.Kind kind) {
    return switch (kind) {
      case PERSISTENT_VOLUME_CLAIM -> "persistentVolumeClaim";
      case CONFIG_MAP -> "configMap";
      case SECRET -> "secret";
      case HOST_PATH -> "hostPath";
      case EMPTY_DIR -> "emptyDir";
    };
  }

  @Override
  public java.util.Set<String> unavailablePools() {
    return java.util.Set.copyOf(unreachable);
  }

  private String namespace(String owner) {
    return config
        .namespace()
        .replace("{owner}", owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
  }
}
