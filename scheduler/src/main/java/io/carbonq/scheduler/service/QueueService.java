package io.carbonq.scheduler.service;

import io.carbonq.config.OverBudget;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.budget.Budget;
import io.carbonq.scheduler.budget.BudgetBook;
import io.carbonq.scheduler.budget.BudgetGate;
import io.carbonq.scheduler.budget.BudgetStatus;
import io.carbonq.scheduler.budget.Shortfall;
import io.carbonq.scheduler.budget.Spend;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastRevisions;
import io.carbonq.scheduler.forecast.UrgentArrivals;
import io.carbonq.scheduler.forecast.ZoneForecasts;
import io.carbonq.scheduler.planning.Decision;
import io.carbonq.scheduler.planning.Deferred;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Plan;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.store.BudgetStore;
import io.carbonq.scheduler.store.DecisionRecord;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.Page;
import io.carbonq.scheduler.store.PageKey;
import io.carbonq.scheduler.store.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue's operations: submit, cancel, the planning cycle, dispatch of due jobs and the
 * executor's reports. Plain code over the store, the planner and the executor; the scheduler that
 * calls it on time (Quartz in {@code serve}) decides only when.
 */
public final class QueueService {
  /** Dispatch at most this many jobs per call, so one call stays short. */
  static final int DISPATCH_BATCH = 500;

  private static final System.Logger LOG = System.getLogger(QueueService.class.getName());
  private static final Set<JobState> COMMITTED = EnumSet.of(JobState.DISPATCHED, JobState.RUNNING);

  private final QueueStore store;
  private final Fleet fleet;
  private final ForecastSource forecasts;
  private final JobExecutor executor;
  private final Clock clock;
  private final ServiceMetrics metrics;
  private final CycleHealth health;
  private final Optional<FootprintRecorder> recorder;
  private final Optional<FootprintStore> footprintStore;
  private final Optional<CarbonBudgets> budgets;
  private final ForecastRevisions revisions;

  /** The urgent work seen arriving, expected again a day later (policy.expectUrgentWork). */
  private final UrgentArrivals urgentArrivals = new UrgentArrivals();

  /**
   * Where footprints of finished jobs are kept, how their energy is read, and where the budgets
   * admins set are kept (without it, only carbonq.yaml's budgets count).
   */
  public record Footprints(FootprintStore store, EnergyMeter meter, Optional<BudgetStore> budgets) {
    public Footprints(FootprintStore store, EnergyMeter meter) {
      this(store, meter, Optional.empty());
    }
  }

  /** The carbon budgets, where footprints are kept to count against them. */
  public Optional<CarbonBudgets> budgets() {
    return budgets;
  }

  /** The footprint of a finished job, if it has one. */
  public Optional<Footprint> footprint(String id) {
    return footprintStore.flatMap(footprints -> footprints.get(id));
  }

  /** The footprints of an owner's finished jobs. */
  public List<Footprint> ownerFootprints(String owner) {
    return footprintStore.map(footprints -> footprints.ofOwner(owner)).orElse(List.of());
  }

  /** The runs that ended at or after {@code since}, of one owner or of everyone. */
  public List<FootprintStore.EndedRun> endedSince(Instant since, Optional<String> owner) {
    return footprintStore.map(footprints -> footprints.endedSince(since, owner)).orElse(List.of());
  }

  /** The footprints of a sweep's finished trials. */
  public List<Footprint> sweepFootprints(String sweepId) {
    return footprintStore.map(footprints -> footprints.ofSweep(sweepId)).orElse(List.of());
  }

  public QueueService(
      QueueStore store, Fleet fleet, ForecastSource forecasts, JobExecutor executor, Clock clock) {
    this(store, fleet, forecasts, executor, clock, Optional.empty());
  }

  /**
   * @param footprints where finished jobs' footprints go, with the meter that reads their energy
   */
  public QueueService(
      QueueStore store,
      Fleet fleet,
      ForecastSource forecasts,
      JobExecutor executor,
      Clock clock,
      Optional<Footprints> footprints) {
    this.recorder =
        footprints.map(
            f -> new FootprintRecorder(fleet, forecasts, f.meter(), f.store(), executor));
    this.footprintStore = footprints.map(Footprints::store);
    this.budgets =
        footprints.map(f -> new CarbonBudgets(fleet.config(), f.budgets(), f.store(), store));
    this.store = store;
    this.fleet = fleet;
    this.forecasts = forecasts;
    this.revisions = new ForecastRevisions(forecasts.refreshInterval());
    this.executor = executor;
    this.clock = clock;
    this.metrics = new ServiceMetrics(store);
    this.health = new CycleHealth(clock);
  }

  /** The forecast data the service plans with. */
  public ForecastSource forecasts() {
    return forecasts;
  }

  public ServiceMetrics metrics() {
    return metrics;
  }

  /** Whether the planning cycle is alive and well. */
  public CycleHealth health() {
    return health;
  }

  public Fleet fleet() {
    return fleet;
  }

  public Clock clock() {
    return clock;
  }

  public QueueStore.Submission submit(Workload workload, Optional<String> requestId) {
    return submit(workload, requestId, Optional.empty());
  }

  /**
   * Queues {@code workload}; a retry of the request {@code requestId} returns the job queued the
   * first time, and the same id with another {@code requestDigest} (a hash of the request's body)
   * is refused.
   */
  public QueueStore.Submission submit(
      Workload workload, Optional<String> requestId, Optional<String> requestDigest) {
    return store
        .submitAll(
            List.of(QueuedJob.submitted(workload, requestId, clock.instant())), requestDigest)
        .get(0);
  }

  public List<QueueStore.Submission> submit(Sweep sweep, Optional<String> requestId) {
    return submit(sweep, requestId, Optional.empty());
  }

  /**
   * All trials or none; a retried request returns the trials queued the first time, and the same id
   * with another {@code requestDigest} is refused.
   */
  public List<QueueStore.Submission> submit(
      Sweep sweep, Optional<String> requestId, Optional<String> requestDigest) {
    Instant now = clock.instant();
    List<QueuedJob> trials = new ArrayList<>();
    List<Workload> workloads = sweep.trials();
    for (int i = 0; i < workloads.size(); i++) {
      int index = i;
      trials.add(QueuedJob.submitted(workloads.get(i), requestId.map(id -> id + "#" + index), now));
    }
    return store.submitAll(trials, requestDigest);
  }

  /**
   * A budget a submission counts against: where it stood before, what the submitted jobs are
   * expected to emit as planned now (jobs the plan cannot place yet count nothing), and the first
   * shortfall they meet, if any.
   */
  public record BudgetQuote(BudgetStatus before, double jobKg, Optional<Shortfall> shortfall) {}

  /**
   * The budgets {@code workloads} (one job, or a sweep's trials, all of one owner) count against;
   * empty when none covers the owner. Refuses them with {@link OverBudgetException} when a budget
   * they would exceed says {@code refuse}, unless the request is a retry of one already queued.
   */
  public List<BudgetQuote> quoteBudgets(List<Workload> workloads, Optional<String> requestId) {
    return quoteBudgets(workloads, requestId, false);
  }

  /**
   * As {@link #quoteBudgets(List, Optional)}; {@code sweep} says whether {@code workloads} are a
   * sweep's trials, queued under {@code KEY#INDEX}.
   */
  public List<BudgetQuote> quoteBudgets(
      List<Workload> workloads, Optional<String> requestId, boolean sweep) {
    List<Budget> inForce = budgets.map(CarbonBudgets::inForce).orElse(List.of());
    if (workloads.isEmpty() || inForce.isEmpty()) {
      return List.of();
    }
    String owner = workloads.get(0).owner();
    Instant now = clock.instant();
    // Whom the budgets cover needs no figures: most owners are not covered at all.
    if (new BudgetBook(inForce, fleet.config().teams(), now).budgetsOf(owner).isEmpty()
        || isRetry(owner, requestId, workloads.size(), sweep)) {
      return List.of();
    }
    BudgetBook book = budgets.get().book(inForce, now, true);
    List<Budget> covering = book.budgetsOf(owner);
    Map<Budget, BudgetStatus> before = new java.util.LinkedHashMap<>();
    covering.forEach(budget -> before.put(budget, book.status(budget)));
    Map<Budget, Shortfall> first = new HashMap<>();
    double total = 0;
    for (Placed placed : expectedRuns(workloads)) {
      double kg = placed.expectedKgCo2e().orElse(0);
      List<Shortfall> shortfalls = book.shortfalls(owner, placed.end(), kg);
      shortfalls.forEach(shortfall -> first.putIfAbsent(shortfall.budget(), shortfall));
      if (shortfalls.isEmpty()) {
        book.book(new Spend(owner, placed.end(), kg, Spend.Kind.PLANNED));
      }
      total += kg;
    }
    List<BudgetQuote> quotes = new ArrayList<>();
    for (Budget budget : covering) {
      quotes.add(
          new BudgetQuote(before.get(budget), total, Optional.ofNullable(first.get(budget))));
    }
    Optional<Shortfall> refusing =
        quotes.stream()
            .flatMap(quote -> quote.shortfall().stream())
            .filter(shortfall -> shortfall.budget().config().overBudget() == OverBudget.REFUSE)
            .findFirst();
    if (refusing.isPresent()) {
      throw new OverBudgetException("not queued: " + refusing.get().explain());
    }
    return quotes;
  }

  /** How {@code workloads} would run if submitted now, as the whole queue is planned. */
  private List<Placed> expectedRuns(List<Workload> workloads) {
    List<NodePool> pools = availablePools();
    List<QueuedJob> jobs = toPlan(names(pools));
    Set<String> taken = new java.util.HashSet<>();
    jobs.forEach(job -> taken.add(job.id()));
    List<Workload> probes = new ArrayList<>();
    for (Workload workload : workloads) {
      String id = "budget-probe-" + probes.size();
      for (int n = 2; taken.contains(id); n++) {
        id = "budget-probe-" + probes.size() + "-" + n;
      }
      probes.add(Workload.builder(id).like(workload).build());
    }
    Plan plan;
    try {
      plan = plan(clock.instant(), jobs, probes, pools).plan();
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not estimate a submission against its budget: " + e.getMessage());
      return List.of();
    }
    List<Placed> placed = new ArrayList<>();
    for (Workload probe : probes) {
      plan.decisionFor(probe.id())
          .filter(Placed.class::isInstance)
          .map(Placed.class::cast)
          .ifPresent(placed::add);
    }
    return placed;
  }

  /**
   * Whether {@code requestId} already queued these very jobs of {@code owner}: the one job under
   * the key itself, or every trial of a sweep under {@code KEY#INDEX}; a retry gets them back.
   */
  private boolean isRetry(String owner, Optional<String> requestId, int jobs, boolean sweep) {
    if (requestId.isEmpty()) {
      return false;
    }
    String key = requestId.get();
    Set<String> expected = new java.util.HashSet<>();
    if (sweep) {
      for (int i = 0; i < jobs; i++) {
        expected.add(key + "#" + i);
      }
    } else {
      expected.add(key);
    }
    Set<String> found = new java.util.HashSet<>();
    for (QueuedJob job : store.list(JobFilter.all().withOwner(owner))) {
      job.requestId().filter(expected::contains).ifPresent(found::add);
    }
    return found.equals(expected);
  }

  public Optional<QueuedJob> get(String id) {
    return store.get(id);
  }

  /** What the job's runs printed, oldest first, as its executor keeps it (see {@link RunLog}). */
  public List<RunLog> logs(QueuedJob job) {
    return executor.logs(job);
  }

  public List<QueuedJob> list(JobFilter filter) {
    return store.list(filter);
  }

  /** A page of the jobs matching {@code filter}, as {@link QueueStore#page} gives it. */
  public Page<QueuedJob> page(JobFilter filter, Optional<PageKey> after) {
    return store.page(filter, after);
  }

  /** How many jobs are in each state; also a readiness check of the database. */
  public Map<JobState, Long> counts() {
    return store.countByState();
  }

  /** The decision log of a job, oldest first. */
  public List<DecisionRecord> decisions(String id) {
    return store.decisions(id);
  }

  /** A page of the decision log of a job, oldest first. */
  public Page<DecisionRecord> decisions(String id, Optional<PageKey> after, int limit) {
    return store.decisions(id, after, limit);
  }

  /** What a cancellation did. */
  public enum Cancelled {
    CANCELLED,
    ALREADY_FINISHED,
    NOT_FOUND
  }

  public Cancelled cancel(String id, String by) {
    Optional<QueuedJob> job = store.get(id);
    if (job.isEmpty()) {
      return Cancelled.NOT_FOUND;
    }
    Set<JobState> open = EnumSet.noneOf(JobState.class);
    for (JobState state : JobState.values()) {
      if (!state.isFinal()) {
        open.add(state);
      }
    }
    if (!store.transition(id, open, JobState.CANCELLED, "cancelled by " + by, clock.instant())) {
      return Cancelled.ALREADY_FINISHED;
    }
    try {
      executor.cancel(job.get());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cancelled " + id + ", but its run could not be stopped: " + e.getMessage());
    }
    return Cancelled.CANCELLED;
  }

  /** What one planning cycle did. */
  public record CycleReport(
      int jobs, int planned, int deferred, int unchanged, int changedMeanwhile, Duration took) {}

  /**
   * Plans every queued and planned job, and the remaining work of every paused one, around the GPUs
   * dispatched and running jobs hold, and stores each decision the job has not changed since (a job
   * cancelled or dispatched meanwhile keeps its new state). A job that cannot be read back or
   * planned fails with the reason, and the others are planned: one bad job never stops the queue.
   */
  public CycleReport planCycle() {
    try {
      CycleReport report = planEveryJob();
      health.succeeded();
      return report;
    } catch (RuntimeException | Error e) {
      health.failed(e);
      metrics.planningCycleFailed();
      throw e;
    }
  }

  private CycleReport planEveryJob() {
    Instant now = clock.instant();
    long started = System.nanoTime();
    adoptWaitingOnCarbonq(now);
    List<NodePool> pools = availablePools();
    Set<String> poolNames = names(pools);
    List<QueuedJob> jobs = toPlan(poolNames);
    int failed = store.failUnreadable(now);
    int waitingForCluster = deferPausedOnUnreachablePools(jobs, poolNames, now);
    Planned first = planOrFailWhatCannotBe(now, jobs, pools);
    Budgeted budgeted = withinBudgets(now, first, pools);
    Planned cycle = budgeted.planned();
    jobs = first.jobs();
    Plan plan = cycle.plan();
    Map<String, QueuedJob> byId = new HashMap<>();
    jobs.forEach(job -> byId.put(job.id(), job));
    int planned = 0;
    int deferred = 0;
    int unchanged = 0;
    int changed = 0;
    ZoneForecasts used = cycle.forecasts();
    for (Decision decision : plan.decisions()) {
      QueuedJob job = byId.get(decision.workload().id());
      if (budgeted.held().containsKey(job.id())) {
        continue;
      }
      if (decision instanceof Placed placed) {
        PlannedRun run =
            run(placed, used, budgeted.relaxed().contains(job.id()) ? PAST_DEADLINE : "");
        if (job.plan().filter(old -> old.saysTheSameFrom(now, run, SAME_WITHIN)).isPresent()
            && job.state() != JobState.QUEUED) {
          unchanged++;
        } else if (store.recordPlan(job.id(), job.version(), run, now)) {
          planned++;
        } else {
          changed++;
        }
      } else if (decision instanceof Deferred later) {
        if (job.state() != JobState.RUNNING && executor.holdsElsewhere(job)) {
          // Held by another queue (Kueue): without a window of carbonq's, that queue decides.
          if (store.recordPlan(job.id(), job.version(), releasedAtOnce(job, later, now), now)) {
            planned++;
          } else {
            changed++;
          }
        } else if (job.state() == JobState.RUNNING) {
          // No room found for its remaining work: it goes on as planned rather than stop.
          unchanged++;
        } else if (job.plan().isEmpty() && job.stateReason().equals(later.why())) {
          unchanged++;
        } else if (store.recordDeferral(job.id(), job.version(), later.why(), now)) {
          deferred++;
        } else {
          changed++;
        }
      }
    }
    for (Map.Entry<String, BudgetGate.Over> held : budgeted.held().entrySet()) {
      QueuedJob job = byId.get(held.getKey());
      String why = "held: " + held.getValue().briefly();
      if (job.plan().isEmpty() && job.stateReason().equals(why)) {
        unchanged++;
      } else if (store.recordDeferral(job.id(), job.version(), why, now)) {
        deferred++;
      } else {
        changed++;
      }
    }
    explainWaiting(byId.values());
    budgets.ifPresent(kept -> metrics.budgets(kept.statuses(now)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.planningCycle(took);
    used.missing().keySet().forEach(zone -> metrics.forecastTrouble(zone, "missing"));
    used.byZone()
        .forEach(
            (zone, series) -> {
              if (series.source().contains("(fallback:")) {
                metrics.forecastTrouble(zone, "fallback");
              }
            });
    return new CycleReport(
        jobs.size() + waitingForCluster + failed + first.failed(),
        planned,
        deferred,
        unchanged,
        changed,
        took);
  }

  /**
   * Takes in the jobs that wait on carbonq in the cluster (Kueue Workloads on its admission check):
   * each once, by its request id, as its owner's; a cluster that does not answer delays them to the
   * next cycle, never the planning of the others.
   */
  private void adoptWaitingOnCarbonq(Instant now) {
    List<JobExecutor.Adopted> waiting;
    try {
      waiting = executor.waitingOnCarbonq(now);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the jobs waiting on carbonq: " + e);
      return;
    }
    for (JobExecutor.Adopted adopted : waiting) {
      try {
        store.submitAll(
            List.of(QueuedJob.submitted(adopted.workload(), Optional.of(adopted.requestId()), now)),
            Optional.empty());
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot take in " + adopted.workload().id() + ": " + e.getMessage());
      }
    }
  }

  /** Tells the cluster why each job it holds still waits; a failure waits for the next cycle. */
  private void explainWaiting(java.util.Collection<QueuedJob> planned) {
    for (QueuedJob job : planned) {
      if (!executor.holdsElsewhere(job)) {
        continue;
      }
      try {
        store.get(job.id()).ifPresent(executor::explainWaiting);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot explain " + job.id() + ": " + e.getMessage());
      }
    }
  }

  /**
   * A plan that releases a job held elsewhere now, in the first of its pools: carbonq found no
   * window for it ({@code deferred} says why), so the other queue's quota decides when it runs.
   */
  private PlannedRun releasedAtOnce(QueuedJob job, Deferred deferred, Instant now) {
    Workload workload = job.workload();
    List<NodePool> pools = availablePools();
    NodePool pool =
        pools.stream()
            .filter(candidate -> workload.regions().contains(candidate.region().name()))
            .filter(
                candidate ->
                    workload.gpuModels().isEmpty()
                        || workload.gpuModels().contains(candidate.gpuModel()))
            .findFirst()
            .orElse(pools.isEmpty() ? fleet.pools().get(0) : pools.get(0));
    return new PlannedRun(
        pool.name(),
        pool.region().name(),
        now,
        now.plus(workload.duration()),
        Double.NaN,
        Double.NaN,
        "released at once, no window of carbonq's: " + deferred.why(),
        "none (fail-open)");
  }

  /** Said first in the plan of a job its budget lets wait past its deadline for cleaner hours. */
  static final String PAST_DEADLINE =
      "over budget, so planned past its deadline in cleaner hours; ";

  /**
   * A cycle's plan once the budgets are applied, the jobs held over budget (with why) and those let
   * wait past their deadline.
   */
  private record Budgeted(
      Planned planned, Map<String, BudgetGate.Over> held, Set<String> relaxed) {}

  /**
   * Applies the carbon budgets to a cycle's plan. Queued and planned jobs are served in submission
   * order; a job its owner's or team's budget cannot pay for is held ({@code queue}, and {@code
   * refuse} for a job accepted before the budget was cut), or ({@code defer}) planned again with
   * its deadline moved to the end of the horizon, so it can wait for hours clean enough; if even
   * those are too dear, it is held too. Started jobs are never stopped for a budget: they count as
   * committed.
   */
  private Budgeted withinBudgets(Instant now, Planned cycle, List<NodePool> pools) {
    Budgeted unchanged = new Budgeted(cycle, Map.of(), Set.of());
    List<Budget> inForce = budgets.map(CarbonBudgets::inForce).orElse(List.of());
    if (inForce.isEmpty()) {
      return unchanged;
    }
    BudgetBook started = budgets.get().book(inForce, now, false);
    Map<String, QueuedJob> gated = new java.util.LinkedHashMap<>();
    for (QueuedJob job : cycle.jobs()) {
      if ((job.state() == JobState.QUEUED || job.state() == JobState.PLANNED)
          && !started.budgetsOf(job.owner()).isEmpty()) {
        gated.put(job.id(), job);
      }
    }
    Map<String, BudgetGate.Over> over =
        BudgetGate.check(started.copy(), candidates(cycle.plan(), gated));
    if (over.isEmpty()) {
      return unchanged;
    }
    Map<String, BudgetGate.Over> held = new java.util.LinkedHashMap<>();
    Set<String> relaxed = new java.util.HashSet<>();
    List<QueuedJob> again = new ArrayList<>();
    for (QueuedJob job : cycle.jobs()) {
      BudgetGate.Over verdict = over.get(job.id());
      if (verdict == null) {
        again.add(job);
      } else if (verdict.action() == OverBudget.DEFER) {
        again.add(job.withWorkload(pastDeadline(job.workload(), now)));
        relaxed.add(job.id());
      } else {
        held.put(job.id(), verdict);
      }
    }
    Planned second;
    try {
      second = plan(now, again, List.of(), pools, cycle.forecasts());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not plan again within budgets, so every job over budget waits: " + e.getMessage());
      return new Budgeted(cycle, over, Set.of());
    }
    held.putAll(BudgetGate.check(started.copy(), candidates(second.plan(), gated)));
    relaxed.removeAll(held.keySet());
    return new Budgeted(second, held, relaxed);
  }

  /** The gated jobs the plan placed, as the budgets see them. */
  private static List<BudgetGate.Candidate> candidates(Plan plan, Map<String, QueuedJob> gated) {
    List<BudgetGate.Candidate> candidates = new ArrayList<>();
    for (QueuedJob job : gated.values()) {
      plan.decisionFor(job.id())
          .filter(Placed.class::isInstance)
          .map(Placed.class::cast)
          .ifPresent(
              placed ->
                  candidates.add(
                      new BudgetGate.Candidate(
                          job.id(),
                          job.owner(),
                          job.submittedAt(),
                          placed.end(),
                          placed.expectedKgCo2e().orElse(Double.NaN))));
    }
    return candidates;
  }

  /** {@code workload} free to finish as late as the horizon, if its deadline is sooner. */
  private Workload pastDeadline(Workload workload, Instant now) {
    Instant horizonEnd = now.plus(fleet.config().policy().horizon());
    if (!workload.deadline().isBefore(horizonEnd)) {
      return workload;
    }
    return Workload.builder(workload.id()).like(workload).deadline(horizonEnd).build();
  }

  /**
   * The jobs a planning cycle plans: queued, planned and paused ones, and, when interruptible jobs
   * may pause, the remaining work of the running interruptible ones on pools that answer (work that
   * cannot wait may take their GPUs; they then pause and resume later).
   */
  private List<QueuedJob> toPlan(Set<String> availablePools) {
    Map<String, QueuedJob> jobs = new LinkedHashMap<>();
    store.plannable().forEach(job -> jobs.put(job.id(), job));
    if (fleet.config().policy().pauseInterruptible()) {
      for (QueuedJob job : store.list(JobFilter.all().withStates(EnumSet.of(JobState.RUNNING)))) {
        if (replannableWhileRunning(job, availablePools)) {
          // Read in a transaction of its own: a job that started since the first read is in
          // both, and counts once, as it is now.
          jobs.merge(job.id(), job, QueueService::newer);
        }
      }
    }
    return new ArrayList<>(jobs.values());
  }

  private static QueuedJob newer(QueuedJob one, QueuedJob other) {
    return other.version() > one.version() ? other : one;
  }

  /**
   * A running job whose remaining work may be planned again: interruptible, on a pool that answers.
   */
  private static boolean replannableWhileRunning(QueuedJob job, Set<String> availablePools) {
    return job.workload().interruptible()
        && job.history()
            .filter(history -> history.runningSince().isPresent())
            .filter(history -> availablePools.contains(history.pool()))
            .isPresent();
  }

  private static Set<String> names(List<NodePool> pools) {
    Set<String> names = new java.util.HashSet<>();
    pools.forEach(pool -> names.add(pool.name()));
    return names;
  }

  /**
   * Takes out of {@code jobs} the paused ones whose pool's cluster does not answer: they can resume
   * only there. Each keeps no plan, with the reason; returns how many there were.
   */
  private int deferPausedOnUnreachablePools(
      List<QueuedJob> jobs, Set<String> available, Instant now) {
    int count = 0;
    for (var it = jobs.iterator(); it.hasNext(); ) {
      QueuedJob job = it.next();
      Optional<String> pool = job.history().map(RunHistory::pool);
      if (job.state() != JobState.PAUSED || pool.isEmpty() || available.contains(pool.get())) {
        continue;
      }
      it.remove();
      count++;
      String why = "paused on " + pool.get() + ", whose cluster does not answer; resumes there";
      if (job.plan().isPresent() || !job.stateReason().equals(why)) {
        store.recordDeferral(job.id(), job.version(), why, now);
      }
    }
    return count;
  }

  /** A what-if: the decision for a workload and the forecast data it rests on. */
  public record Preview(Decision decision, Optional<String> forecastSource) {}

  /**
   * Where and when {@code workload} would run if it were submitted now; nothing is stored. It is
   * planned under an id no job in the plan has, so a what-if named like a queued job does not
   * collide with it; the decision names {@code workload} as given.
   */
  public Preview whatIf(Workload workload) {
    List<NodePool> pools = availablePools();
    List<QueuedJob> jobs = toPlan(names(pools));
    Workload probe = Workload.builder(unusedId(jobs)).like(workload).build();
    Planned planned = plan(clock.instant(), jobs, List.of(probe), pools);
    Decision decision = naming(planned.plan().decisionFor(probe.id()).orElseThrow(), workload);
    Optional<String> source =
        decision instanceof Placed placed
            ? Optional.ofNullable(planned.forecasts().byZone().get(placed.pool().region().zone()))
                .map(IntensitySeries::source)
            : Optional.empty();
    return new Preview(decision, source);
  }

  /**
   * {@code what-if}, or {@code what-if-2}, {@code what-if-3}…: the first no job in {@code jobs}
   * has.
   */
  private static String unusedId(List<QueuedJob> jobs) {
    Set<String> taken = new java.util.HashSet<>();
    jobs.forEach(job -> taken.add(job.id()));
    String id = "what-if";
    for (int n = 2; taken.contains(id); n++) {
      id = "what-if-" + n;
    }
    return id;
  }

  /** {@code decision} as made for {@code workload}. */
  private static Decision naming(Decision decision, Workload workload) {
    if (decision instanceof Placed placed) {
      return new Placed(
          workload,
          placed.pool(),
          placed.start(),
          placed.end(),
          placed.energyKwh(),
          placed.expectedKgCo2e(),
          placed.runNowKgCo2e(),
          placed.runNow(),
          placed.basis(),
          placed.why(),
          placed.segments());
    }
    Deferred deferred = (Deferred) decision;
    return new Deferred(workload, deferred.reason(), deferred.why());
  }

  /** A plan, the forecasts it used, the jobs it planned and how many could not be. */
  private record Planned(Plan plan, ZoneForecasts forecasts, List<QueuedJob> jobs, int failed) {}

  private Planned plan(
      Instant now, List<QueuedJob> jobs, List<Workload> extra, List<NodePool> pools) {
    return plan(now, jobs, extra, pools, forecastsFor(now));
  }

  private ZoneForecasts forecastsFor(Instant now) {
    return ZoneForecasts.fetch(
        forecasts, fleet.poolZones(), now, fleet.config().policy().horizon());
  }

  /**
   * Plans {@code jobs}. When the planner refuses them, plans each alone to find the ones it cannot
   * plan, fails those with its reason and plans the rest; if it refuses every one alone, the fault
   * is not in a job and the error stands.
   */
  private Planned planOrFailWhatCannotBe(Instant now, List<QueuedJob> jobs, List<NodePool> pools) {
    ZoneForecasts zoneForecasts = forecastsFor(now);
    // Only the planning cycle learns how the forecasts move: a preview must leave nothing behind.
    zoneForecasts.byZone().forEach((zone, issue) -> revisions.observe(zone, issue, now));
    if (fleet.config().policy().expectUrgentWork()) {
      // Arrivals only: a started job's rest is not work arriving.
      jobs.stream()
          .filter(job -> job.state() == JobState.QUEUED || job.state() == JobState.PLANNED)
          .forEach(job -> urgentArrivals.observe(job.workload(), now));
    }
    try {
      return plan(now, jobs, List.of(), pools, zoneForecasts);
    } catch (RuntimeException whole) {
      List<QueuedJob> plannable = new ArrayList<>();
      Map<QueuedJob, RuntimeException> refused = new java.util.LinkedHashMap<>();
      for (QueuedJob job : jobs) {
        try {
          plan(now, List.of(job), List.of(), pools, zoneForecasts);
          plannable.add(job);
        } catch (RuntimeException alone) {
          refused.put(job, alone);
        }
      }
      if (plannable.isEmpty() || refused.isEmpty()) {
        throw whole;
      }
      refused.forEach((job, why) -> failUnplannable(job, why, now));
      Planned rest = plan(now, plannable, List.of(), pools, zoneForecasts);
      return new Planned(rest.plan(), rest.forecasts(), rest.jobs(), refused.size());
    }
  }

  private void failUnplannable(QueuedJob job, RuntimeException why, Instant now) {
    String reason = "could not be planned: " + why.getMessage();
    LOG.log(System.Logger.Level.WARNING, "job " + job.id() + " " + reason);
    if (job.state() == JobState.RUNNING) {
      return; // it goes on as planned; a run is never failed for a plan it does not need
    }
    if (store.transition(job.id(), EnumSet.of(job.state()), JobState.FAILED, reason, now)
        && job.state() == JobState.PAUSED) {
      try {
        executor.cancel(job);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "failed " + job.id() + ", but its paused run could not be removed: " + e.getMessage());
      }
    }
  }

  private Planned plan(
      Instant now,
      List<QueuedJob> jobs,
      List<Workload> extra,
      List<NodePool> pools,
      ZoneForecasts zoneForecasts) {
    PlanningInput input =
        QueuePlanningInput.of(
            now,
            jobs,
            store.list(JobFilter.all().withStates(COMMITTED)),
            extra,
            pools,
            zoneForecasts.byZone(),
            revisions.gramsPerKwhByZone(),
            fleet);
    List<Workload> expected =
        fleet.config().policy().expectUrgentWork() ? urgentArrivals.expected(now) : List.of();
    return new Planned(Planner.plan(input, expected), zoneForecasts, jobs, 0);
  }

  /** The pools the planner may use: all but those whose cluster is unreachable. */
  private List<NodePool> availablePools() {
    java.util.Set<String> down = executor.unavailablePools();
    if (down.isEmpty()) {
      return fleet.pools();
    }
    LOG.log(System.Logger.Level.WARNING, "planning without unreachable pools " + down);
    return fleet.pools().stream().filter(pool -> !down.contains(pool.name())).toList();
  }

  private PlannedRun run(Placed placed, ZoneForecasts used, String whyFirst) {
    IntensitySeries series = used == null ? null : used.byZone().get(placed.pool().region().zone());
    return new PlannedRun(
        placed.pool().name(),
        placed.pool().region().name(),
        placed.start(),
        placed.end(),
        placed.expectedKgCo2e().orElse(Double.NaN),
        placed.runNowKgCo2e().orElse(Double.NaN),
        whyFirst + placed.why(),
        series == null ? "none (fail-open)" : series.source(),
        placed.segments());
  }

  /** Bounds this close are the same: a running job's remaining work is re-estimated each cycle. */
  private static final Duration SAME_WITHIN = Duration.ofMinutes(1);

  /**
   * Pauses every running job whose planned piece has ended, then dispatches every planned job whose
   * start, and resumes every paused job whose next piece, has come. Each job is moved to dispatched
   * by one compare-and-set, so of several service instances exactly one starts it.
   */
  public List<String> dispatchDue() {
    Instant now = clock.instant();
    pauseDue(now);
    List<String> dispatched = new ArrayList<>();
    for (QueuedJob due : store.dueForDispatch(now, DISPATCH_BATCH)) {
      if (due.state() == JobState.PAUSED) {
        if (resume(due, now)) {
          dispatched.add(due.id());
        }
        continue;
      }
      if (store.transition(
          due.id(),
          EnumSet.of(JobState.PLANNED),
          JobState.DISPATCHED,
          "dispatched to " + due.plan().orElseThrow().pool(),
          now)) {
        QueuedJob job = store.get(due.id()).orElseThrow();
        dispatched.add(job.id());
        try {
          executor.start(job, job.plan().orElseThrow());
        } catch (RuntimeException e) {
          // The job stays dispatched; recover() starts it when the executor can take it again.
          LOG.log(
              System.Logger.Level.WARNING,
              "could not start " + job.id() + " yet: " + e.getMessage());
        }
      }
    }
    return dispatched;
  }

  /**
   * Pauses the running jobs between two planned pieces. The executor is asked first: a pause it
   * could not make is tried again at the next call, and the job goes on running meanwhile.
   */
  private void pauseDue(Instant now) {
    for (QueuedJob job : store.runningToPause(now)) {
      if (!job.workload().interruptible()) {
        continue; // its plan never pauses it; a job that cannot checkpoint is never stopped
      }
      PlannedRun plan = job.plan().orElseThrow();
      Optional<Segment> next = plan.nextPieceAfter(now);
      if (plan.pieceAt(now).isPresent() || next.isEmpty()) {
        continue;
      }
      try {
        executor.pause(job, now);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not pause " + job.id() + ": " + e.getMessage());
        continue;
      }
      store.recordPause(
          job.id(),
          now,
          "paused until " + next.get().start() + ", when the plan resumes it on " + plan.pool());
    }
  }

  /** Resumes a paused job whose next piece has come; false when the executor could not yet. */
  private boolean resume(QueuedJob job, Instant now) {
    PlannedRun plan = job.plan().orElseThrow();
    try {
      executor.resume(job, plan, now);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "could not resume " + job.id() + " yet: " + e.getMessage());
      return false;
    }
    return store.transition(
        job.id(),
        EnumSet.of(JobState.PAUSED),
        JobState.DISPATCHED,
        "resumed on " + plan.pool(),
        now);
  }

  /** Applies what the executor reports: started, succeeded, failed, or why it waits. */
  public int syncExecutor() {
    int applied = 0;
    for (JobExecutor.RunEvent event : executor.poll(clock.instant())) {
      if (event.state() == JobState.DISPATCHED) {
        if (store.recordReason(event.jobId(), JobState.DISPATCHED, event.reason(), event.at())) {
          applied++;
        }
        continue;
      }
      Set<JobState> from =
          event.state() == JobState.RUNNING
              ? EnumSet.of(JobState.DISPATCHED)
              : EnumSet.of(JobState.DISPATCHED, JobState.RUNNING, JobState.PAUSED);
      if (store.transition(event.jobId(), from, event.state(), event.reason(), event.at())) {
        applied++;
        if (event.state().isFinal()) {
          recordFootprint(event.jobId());
        }
      }
    }
    return applied;
  }

  /** A footprint that cannot be made is logged; the job's end stands and the others go on. */
  private void recordFootprint(String id) {
    try {
      recorder.ifPresent(r -> store.get(id).ifPresent(r::record));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "no footprint for " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * After a restart: starts again every dispatched or running job the executor does not know, so a
   * crash between the dispatch record and the start loses no job (executors start idempotently).
   */
  public int recover() {
    int restarted = 0;
    for (QueuedJob job : store.list(JobFilter.all().withStates(COMMITTED))) {
      if (!executor.knows(job.id()) && job.plan().isPresent()) {
        try {
          if (job.history().filter(history -> !history.ranPieces().isEmpty()).isPresent()) {
            executor.resume(job, job.plan().get(), clock.instant());
          } else {
            executor.start(job, job.plan().get());
          }
          restarted++;
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "could not start " + job.id() + " yet: " + e.getMessage());
        }
      }
    }
    return restarted;
  }
}
