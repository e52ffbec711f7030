package io.carbonq.scheduler.service;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.PlanningInput;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue as the planner's input: waiting jobs as they are; started ones (paused, or running and
 * interruptible) as their remaining work on the pool their run lives on; the GPUs of the other
 * dispatched and running jobs as reservations over the pieces they still have to run.
 */
final class QueuePlanningInput {
  private QueuePlanningInput() {}

  /**
   * @param toPlan the jobs to plan
   * @param holding dispatched and running jobs, read after {@code toPlan}; those also in {@code
   *     toPlan} hold nothing, unless they have changed since it was read (then they are not
   *     planned)
   * @param extra workloads planned as if submitted now (a what-if)
   * @param pools the pools that answer
   * @param forecastRevisionGramsPerKwhByZone how far each zone's forecast has been moving between
   *     issues
   */
  static PlanningInput of(
      Instant now,
      List<QueuedJob> toPlan,
      List<QueuedJob> holding,
      List<Workload> extra,
      List<NodePool> pools,
      Map<String, IntensitySeries> forecastsByZone,
      Map<String, Double> forecastRevisionGramsPerKwhByZone,
      Fleet fleet) {
    var policy = fleet.config().policy();
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> runningOn = new HashMap<>();
    Map<String, String> pausedOn = new HashMap<>();
    Map<String, Duration> progress = new HashMap<>();
    Map<String, Long> holdingVersions = new HashMap<>();
    holding.forEach(job -> holdingVersions.put(job.id(), job.version()));
    Set<String> planned = new HashSet<>();
    for (QueuedJob job : toPlan) {
      if (holdingVersions.getOrDefault(job.id(), Long.MIN_VALUE) > job.version()) {
        // Dispatched or started since it was read: it holds its GPUs as it is now, and the next
        // cycle plans it again if it may be.
        continue;
      }
      planned.add(job.id());
      boolean started = job.state() == JobState.PAUSED || job.state() == JobState.RUNNING;
      if (started && job.history().isPresent()) {
        RunHistory history = job.history().get();
        workloads.add(remainder(job, now, policy.step(), policy.resumeOverhead()));
        (job.state() == JobState.RUNNING ? runningOn : pausedOn).put(job.id(), history.pool());
        progress.put(job.id(), history.workDone(now, policy.resumeOverhead()));
      } else {
        workloads.add(job.workload());
      }
    }
    workloads.addAll(extra);
    Set<String> poolNames = new HashSet<>();
    pools.forEach(pool -> poolNames.add(pool.name()));
    List<Reservation> committed = new ArrayList<>();
    for (QueuedJob job : holding) {
      if (!planned.contains(job.id())) {
        committed.addAll(reservations(job, now, policy.step(), poolNames));
      }
    }
    return new PlanningInput(
        now,
        workloads,
        pools,
        committed,
        forecastsByZone,
        fleet.power(),
        policy.step(),
        span(policy.horizon(), policy.step(), workloads),
        0,
        new Interruptions(
            policy.pauseInterruptible(), policy.resumeOverhead(), runningOn, pausedOn, progress),
        forecastRevisionGramsPerKwhByZone);
  }

  /**
   * The horizon, or longer when a workload runs longer than it: then as long as that run and a
   * step, so that the run fits from now on. Otherwise no plan could ever place it.
   */
  static Duration span(Duration horizon, Duration step, List<Workload> workloads) {
    Duration span = horizon;
    for (Workload workload : workloads) {
      Duration needed = workload.duration().plus(step);
      if (workload.duration().compareTo(horizon) > 0 && needed.compareTo(span) > 0) {
        span = needed;
      }
    }
    return span;
  }

  /**
   * A started job's remaining work as a workload to plan: what its estimate has left (at least one
   * planning step, when it has run longer than estimated), plus the checkpoint restore of the
   * resume when it is paused; rounded up to whole seconds, as a workload's duration is.
   */
  static Workload remainder(QueuedJob job, Instant now, Duration step, Duration resumeOverhead) {
    Workload workload = job.workload();
    Duration exact = job.workLeft(now, resumeOverhead);
    Duration left = exact.getNano() == 0 ? exact : Duration.ofSeconds(exact.getSeconds() + 1);
    Duration work =
        (left.compareTo(step) < 0 ? step : left)
            .plus(job.state() == JobState.PAUSED ? resumeOverhead : Duration.ZERO);
    Instant latestStart = workload.deadline().minus(work);
    return Workload.builder(workload.id())
        .like(workload)
        .duration(work)
        .earliestStart(
            latestStart.isBefore(workload.earliestStart()) ? latestStart : workload.earliestStart())
        .build();
  }

  /**
   * The GPUs a dispatched or running job holds in its planned pieces still to come, on a pool that
   * answers; a job running past its plan holds them for the next step too.
   */
  private static List<Reservation> reservations(
      QueuedJob job, Instant now, Duration step, Set<String> pools) {
    if (job.plan().isEmpty() || !pools.contains(job.plan().get().pool())) {
      return List.of();
    }
    PlannedRun run = job.plan().get();
    int gpus = job.workload().gpus();
    List<Reservation> reservations = new ArrayList<>();
    for (Segment piece : run.piecesFrom(now)) {
      reservations.add(new Reservation(run.pool(), piece.start(), piece.end(), gpus));
    }
    if (job.state() == JobState.RUNNING && run.pieceAt(now).isEmpty()) {
      reservations.add(new Reservation(run.pool(), now, now.plus(step), gpus));
    }
    return reservations;
  }
}
