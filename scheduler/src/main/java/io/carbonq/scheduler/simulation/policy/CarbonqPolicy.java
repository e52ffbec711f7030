package io.carbonq.scheduler.simulation.policy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.forecast.ForecastRevisions;
import io.carbonq.scheduler.forecast.UrgentArrivals;
import io.carbonq.scheduler.planning.Decision;
import io.carbonq.scheduler.planning.Interruptions;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S: carbonq's planner, unchanged, on a rolling horizon. Whenever workloads arrive or finish, a
 * planned start or piece comes due or the forecast is reissued (every hour), it replans every
 * waiting workload, and the remaining work of every started interruptible one, against the GPUs the
 * running non-interruptible ones hold and the forecasts issued now. Then it pauses the
 * interruptible runs the plan does not run now, and starts or resumes those it does, most urgent
 * first. With {@code expectUrgent}, it also holds GPUs for the urgent work of the past day,
 * expected again a day later ({@link UrgentArrivals}).
 */
public final class CarbonqPolicy implements Policy {
  private static final String GPU = "GPU";
  private static final Duration REPLAN_EVERY = Duration.ofHours(1);

  /** What the id of a variant that holds GPUs for the urgent work it expects ends with. */
  public static final String EXPECTING_URGENT = "+echo";

  private final Duration planningStep;
  private final Duration horizon;
  private final double reserveShare;
  private final Pausing pausing;
  private final boolean expectUrgent;

  /** The latest plan's placements, in the order the planner placed them (most urgent first). */
  private final Map<String, Placed> placements = new LinkedHashMap<>();

  /** Forecasts are issued every hour here. */
  private final ForecastRevisions revisions = new ForecastRevisions(REPLAN_EVERY);

  private final UrgentArrivals urgentArrivals = new UrgentArrivals();

  private Instant lastPlan;
  private int lastWaiting = -1;
  private int lastRunning = -1;

  /** How interruptible work may be paused. */
  public enum Pausing {
    /** Never: every workload runs in one window once started. */
    NEVER("S-whole"),
    /** Paused and resumed where it ran. */
    IN_PLACE("S-pinned"),
    /** Paused, and resumed in any of its regions. */
    MIGRATING("S");

    private final String id;

    Pausing(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public CarbonqPolicy(
      Duration planningStep, Duration horizon, double reserveShare, Pausing pausing) {
    this(planningStep, horizon, reserveShare, pausing, false);
  }

  public CarbonqPolicy(
      Duration planningStep,
      Duration horizon,
      double reserveShare,
      Pausing pausing,
      boolean expectUrgent) {
    this.planningStep = planningStep;
    this.horizon = horizon;
    this.reserveShare = reserveShare;
    this.pausing = pausing;
    this.expectUrgent = expectUrgent;
  }

  @Override
  public String id() {
    String id = pausing.id() + (expectUrgent ? EXPECTING_URGENT : "");
    return reserveShare == 0 ? id : id + ":" + reserveShare;
  }

  @Override
  public void decide(StepContext context) {
    List<JobRun> waiting = context.waiting();
    // Without pausing there is nothing to decide until work waits.
    if (waiting.isEmpty() && pausing == Pausing.NEVER) {
      return;
    }
    if (replanDue(context, waiting)) {
      plan(context, waiting);
    }
    Map<String, JobRun> byId = new HashMap<>();
    waiting.forEach(run -> byId.put(run.workload().id(), run));
    context.active().forEach(run -> byId.put(run.workload().id(), run));
    // Pause first, so that what starts now finds the GPUs the paused work frees.
    for (JobRun run : context.active()) {
      Placed placed = placements.get(run.workload().id());
      if (run.running() && run.workload().interruptible() && placed != null) {
        if (!placed.runsAt(context.now())) {
          context.pause(run);
        }
      }
    }
    for (Placed placed : placements.values()) {
      JobRun run = byId.get(placed.workload().id());
      if (run == null || run.finished() || run.running()) {
        continue;
      }
      if (!run.started() && !context.now().isBefore(placed.start())) {
        context.start(run, context.regionIndex(placed.pool().region().name()));
      } else if (run.started() && placed.runsAt(context.now())) {
        context.resume(run, context.regionIndex(placed.pool().region().name()));
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
      Placed placed = placements.get(run.workload().id());
      if (placed != null && !context.now().isBefore(placed.start())) {
        return true;
      }
    }
    // Work still running at the end of its plan ran past its estimate: plan what is left now,
    // rather than pause it until the next replan.
    for (JobRun run : context.active()) {
      Placed placed = placements.get(run.workload().id());
      if (run.running() && placed != null && !context.now().isBefore(placed.end())) {
        return true;
      }
    }
    return false;
  }

  private void plan(StepContext context, List<JobRun> waiting) {
    List<NodePool> pools = new ArrayList<>();
    Map<String, IntensitySeries> forecasts = new HashMap<>();
    for (int r = 0; r < context.regions().size(); r++) {
      Region region = context.regions().get(r);
      pools.add(new NodePool(region.name(), region, GPU, context.capacity(r)));
      forecasts.putIfAbsent(region.zone(), context.forecast(r));
    }
    forecasts.forEach((zone, issue) -> revisions.observe(zone, issue, context.now()));
    List<Reservation> committed = new ArrayList<>();
    List<Workload> queue = new ArrayList<>(waiting.stream().map(JobRun::workload).toList());
    List<Workload> expected = List.of();
    if (expectUrgent) {
      // Arrivals only: the rest of started work is not work arriving.
      waiting.forEach(run -> urgentArrivals.observe(run.workload(), context.now()));
      expected = urgentArrivals.expected(context.now());
    }
    Map<String, String> runningOn = new HashMap<>();
    Map<String, Duration> progress = new HashMap<>();
    for (JobRun run : context.active()) {
      String region = context.regions().get(run.region()).name();
      if (pausing != Pausing.NEVER && run.workload().interruptible()) {
        Workload remainder =
            remainder(run, region, pausing == Pausing.MIGRATING, context.resumeOverhead());
        queue.add(remainder);
        Duration done = run.workload().duration().minus(remainder.duration());
        progress.put(run.workload().id(), done.isNegative() ? Duration.ZERO : done);
        if (run.running()) {
          runningOn.put(run.workload().id(), region);
        }
      } else if (run.running()) {
        committed.add(
            new Reservation(
                region,
                context.now(),
                context.now().plusSeconds(run.remainingSeconds()),
                run.workload().gpus()));
      }
    }
    // Cover every deadline, and for a workload already past its deadline its whole run plus a
    // horizon to find free GPUs in.
    Duration span = horizon;
    for (Workload workload : concat(queue, expected)) {
      Duration untilDeadline = Duration.between(context.now(), workload.deadline());
      Duration needed =
          untilDeadline.compareTo(workload.duration()) > 0
              ? untilDeadline.plus(planningStep)
              : workload.duration().plus(horizon);
      span = needed.compareTo(span) > 0 ? needed : span;
    }
    GpuPowerModel power = new GpuPowerModel(Map.of(GPU, context.gpuWatts()), 1.0);
    Interruptions interruptions =
        pausing == Pausing.NEVER
            ? Interruptions.NONE
            : Interruptions.split(context.resumeOverhead(), runningOn, progress);
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
                reserveShare,
                interruptions,
                revisions.gramsPerKwhByZone()),
            expected);
    placements.clear();
    for (Decision decision : plan.decisions()) {
      if (decision instanceof Placed placed) {
        placements.put(placed.workload().id(), placed);
      }
    }
    lastPlan = context.now();
  }

  private static List<Workload> concat(List<Workload> first, List<Workload> second) {
    List<Workload> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /**
   * A started interruptible workload's remaining work as a workload to plan: from now, with the
   * resume overhead added when it is paused; in its region, or when paused and {@code migrate}, in
   * any of its regions with the current one first. Interruptible like the workload itself.
   */
  private static Workload remainder(
      JobRun run, String region, boolean migrate, Duration resumeOverhead) {
    Workload workload = run.workload();
    Duration left =
        Duration.ofSeconds(run.remainingSeconds())
            .plus(run.running() ? Duration.ZERO : resumeOverhead);
    Instant latestStart = workload.deadline().minus(left);
    List<String> regions = new ArrayList<>(List.of(region));
    if (migrate && !run.running()) {
      workload.regions().stream().filter(r -> !r.equals(region)).forEach(regions::add);
    }
    return Workload.builder(workload.id())
        .like(workload)
        .duration(left)
        .earliestStart(
            latestStart.isBefore(workload.earliestStart()) ? latestStart : workload.earliestStart())
        .regions(regions)
        .build();
  }
}
