package io.carbonq.scheduler.simulation.policy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Decision;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S: carbonq's planner, unchanged, on a rolling horizon. Whenever workloads arrive, a planned start
 * comes due or the forecast is reissued (every hour), it replans every waiting workload against the
 * GPUs the running ones hold and the forecasts issued now, and starts those planned to start now.
 */
public final class CarbonqPolicy implements Policy {
  private static final String GPU = "GPU";
  private static final Duration REPLAN_EVERY = Duration.ofHours(1);

  private final Duration planningStep;
  private final Duration horizon;
  private final Map<String, Instant> plannedStarts = new HashMap<>();
  private final Map<String, Integer> plannedRegions = new HashMap<>();
  private Instant lastPlan;
  private int lastWaiting = -1;
  private int lastRunning = -1;

  private final double reserveShare;

  public CarbonqPolicy(Duration planningStep, Duration horizon, double reserveShare) {
    this.planningStep = planningStep;
    this.horizon = horizon;
    this.reserveShare = reserveShare;
  }

  @Override
  public String id() {
    return reserveShare == 0 ? "S" : "S:" + reserveShare;
  }

  @Override
  public void decide(StepContext context) {
    List<JobRun> waiting = context.waiting();
    if (waiting.isEmpty()) {
      return;
    }
    if (replanDue(context, waiting)) {
      plan(context, waiting);
    }
    for (JobRun run : waiting) {
      Instant start = plannedStarts.get(run.workload().id());
      if (start != null && !context.now().isBefore(start)) {
        context.start(run, plannedRegions.get(run.workload().id()));
      }
    }
    lastWaiting = context.waiting().size();
    lastRunning = running(context);
  }

  private static int running(StepContext context) {
    return (int) context.active().stream().filter(JobRun::running).count();
  }

  private boolean replanDue(StepContext context, List<JobRun> waiting) {
    if (lastPlan == null || waiting.size() != lastWaiting || running(context) != lastRunning) {
      return true;
    }
    if (!context.now().isBefore(lastPlan.plus(REPLAN_EVERY))) {
      return true;
    }
    for (JobRun run : waiting) {
      Instant start = plannedStarts.get(run.workload().id());
      if (start != null && !context.now().isBefore(start)) {
        return true;
      }
    }
    return false;
  }

  private void plan(StepContext context, List<JobRun> waiting) {
    Scenario scenario = context.scenario();
    List<NodePool> pools = new ArrayList<>();
    Map<String, IntensitySeries> forecasts = new HashMap<>();
    for (int r = 0; r < scenario.regions().size(); r++) {
      Region region = scenario.regions().get(r);
      pools.add(new NodePool(region.name(), region, GPU, scenario.capacities()[r]));
      forecasts.putIfAbsent(region.zone(), context.forecast(r));
    }
    List<Reservation> committed = new ArrayList<>();
    for (JobRun run : context.active()) {
      if (run.running()) {
        committed.add(
            new Reservation(
                scenario.regions().get(run.region()).name(),
                context.now(),
                context.now().plusSeconds(run.remainingSeconds()),
                run.workload().gpus()));
      }
    }
    List<Workload> queue = waiting.stream().map(JobRun::workload).toList();
    // Cover every deadline, and for a workload already past its deadline its whole run plus a
    // horizon to find free GPUs in.
    Duration span = horizon;
    for (Workload workload : queue) {
      Duration untilDeadline = Duration.between(context.now(), workload.deadline());
      Duration needed =
          untilDeadline.compareTo(workload.duration()) > 0
              ? untilDeadline.plus(planningStep)
              : workload.duration().plus(horizon);
      span = needed.compareTo(span) > 0 ? needed : span;
    }
    GpuPowerModel power = new GpuPowerModel(Map.of(GPU, scenario.gpuWatts()), 1.0);
    Plan plan =
        Planner.plan(
            new PlanningInput(
                context.now(),
                queue,
                pools,
                committed,
                forecasts,
                power,
                planningStep,
                span,
                reserveShare));
    plannedStarts.clear();
    plannedRegions.clear();
    for (Decision decision : plan.decisions()) {
      if (decision instanceof Placed placed) {
        plannedStarts.put(placed.workload().id(), placed.start());
        plannedRegions.put(
            placed.workload().id(), scenario.regionIndex(placed.pool().region().name()));
      }
    }
    lastPlan = context.now();
  }
}
