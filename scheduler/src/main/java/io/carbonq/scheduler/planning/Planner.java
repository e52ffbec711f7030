package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * carbonq's planner: a pure, deterministic function from {@link PlanningInput} to {@link Plan}. It
 * places each workload, most urgent first, in the (pool, start) of least expected emissions = IT
 * energy × time-weighted mean forecast intensity over the run × PUE, among the starts that fit the
 * pool's free GPUs, the sweep's parallel cap and the deadline. No I/O, no clock, no randomness.
 */
public final class Planner {

  /** Work expected to arrive goes after the work that must run now, before the rest. */
  private static final int EXPECTED_TIER = 3;

  private Planner() {}

  public static Plan plan(PlanningInput input) {
    return plan(input, List.of());
  }

  /**
   * The plan of {@code input}'s workloads with GPUs held for {@code expected}: work not submitted
   * yet that is expected to arrive (see {@code UrgentArrivals}). Each is placed after the work that
   * must run now and before the rest, so that work that could wait leaves it room; the GPUs it
   * takes stay taken in the plan, but it gets no decision. One whose id a queued workload has is
   * left out: the queue's own work comes first.
   */
  public static Plan plan(PlanningInput input, List<Workload> expected) {
    // 1. Lay the grid and each zone's forecast on it.
    PlanningContext context = new PlanningContext(input);
    // 2. Book the GPUs already committed.
    CapacityLedger ledger = context.emptyLedger();
    for (Reservation reservation : input.committed()) {
      book(context, ledger, reservation);
    }
    // 3. Order the queue, and the work expected, by urgency.
    Set<String> queued = new HashSet<>();
    input.workloads().forEach(workload -> queued.add(workload.id()));
    List<Workload> expectedNow =
        expected.stream().filter(workload -> !queued.contains(workload.id())).toList();
    Set<Workload> held = Collections.newSetFromMap(new IdentityHashMap<>());
    held.addAll(expectedNow);
    List<Workload> queue =
        Stream.concat(input.workloads().stream(), expectedNow.stream())
            .sorted(urgency(input, held))
            .toList();
    // 4. Place each workload in its cleanest feasible window, taking its capacity.
    WindowSearch search = new WindowSearch(context);
    List<Decision> decisions = new ArrayList<>(input.workloads().size());
    for (Workload workload : queue) {
      Decision decision = place(context, search, ledger, workload, input.horizon());
      if (!held.contains(workload)) {
        decisions.add(decision);
      }
    }
    return new Plan(context, ledger, Decisions.of(decisions));
  }

  /**
   * Planning order: higher priority first; then the workloads that must run from now to finish on
   * time (see {@link #mustRunNow}), so that they take GPUs from work that can pause rather than
   * miss, in the tiers {@link #tier} gives, and the work {@code expected} to arrive; then less
   * slack (the time from the first possible start to the last feasible one), so that the workloads
   * with the fewest windows choose before the flexible ones fill the clean hours. A started
   * workload's slack is reduced by the work it has done, so that it keeps its place among the peers
   * it started with instead of being paused for one of them at every replan. Then the id: a fixed
   * order among peers, so that interchangeable trials do not trade places (and pay a resume) at
   * every replan.
   */
  static Comparator<Workload> urgency(PlanningInput input) {
    return urgency(input, Set.of());
  }

  private static Comparator<Workload> urgency(PlanningInput input, Set<Workload> expected) {
    Instant now = input.now();
    Duration step = input.step();
    Interruptions interruptions = input.interruptions();
    ToIntFunction<Workload> pools =
        workload ->
            (int) input.pools().stream().filter(p -> WindowSearch.canEverRun(p, workload)).count();
    return Comparator.comparingInt(Workload::priority)
        .reversed()
        .thenComparingInt(
            (Workload w) ->
                expected.contains(w)
                    ? EXPECTED_TIER
                    : tier(slack(now, w), step, interruptions, w, pools))
        .thenComparing((Workload w) -> slack(now, w).minus(interruptions.progressOf(w.id())))
        .thenComparing(Workload::id);
  }

  /**
   * 0: not started, cannot pause, must start now (a hard deadline) and only one pool can run it; 1:
   * running, and pausing it now would make it late for sure; 2: not started, cannot pause and must
   * start now, but several pools can run it: it goes after the running work, so that it starts on
   * another pool rather than push out, and make late, work that can only go on where it runs (when
   * the other pools are full too, it is the one that ends late); 4: the rest. Work expected to
   * arrive comes between them ({@link #EXPECTED_TIER}).
   */
  private static int tier(
      Duration slack,
      Duration step,
      Interruptions interruptions,
      Workload workload,
      ToIntFunction<Workload> pools) {
    if (!mustRunNow(slack, step, interruptions, workload)) {
      return 4;
    }
    if (interruptions.runningOn().containsKey(workload.id())) {
      return 1;
    }
    return pools.applyAsInt(workload) <= 1 ? 0 : 2;
  }

  /**
   * Whether the workload must run from now to finish on time: one not started that cannot pause and
   * has less than a step of slack, or one running with less slack than a pause would cost.
   * Interruptible work not running gains nothing by going first: it would only swap places with
   * other work that can pause, at the price of a resume.
   */
  private static boolean mustRunNow(
      Duration slack, Duration step, Interruptions interruptions, Workload workload) {
    if (slack.isNegative()) {
      return false;
    }
    if (interruptions.runningOn().containsKey(workload.id())) {
      return slack.compareTo(step.plus(interruptions.resumeOverhead())) < 0;
    }
    return slack.compareTo(step) < 0
        && !(workload.interruptible() && interruptions.split())
        && interruptions.progressOf(workload.id()).isZero();
  }

  private static Duration slack(Instant now, Workload workload) {
    return Duration.between(workload.readyAt(now), workload.latestStart());
  }

  /**
   * The plan with one more workload placed in the capacity {@code plan} left; the workloads already
   * placed keep their decisions. {@code plan} itself is unchanged, and shares with the new plan all
   * but what the new workload changed, so that adding takes no longer as the plan grows (but for
   * lookups by id in O(log n)).
   */
  public static Plan add(Plan plan, Workload workload, Duration horizon) {
    if (plan.decisionFor(workload.id()).isPresent()) {
      throw new IllegalArgumentException("workload " + workload.id() + " is already in the plan");
    }
    PlanningContext context = plan.context();
    CapacityLedger ledger = plan.remainingCapacity();
    Decision decision = place(context, new WindowSearch(context), ledger, workload, horizon);
    return plan.with(decision, ledger);
  }

  private static void book(
      PlanningContext context, CapacityLedger ledger, Reservation reservation) {
    int pool = context.poolIndex(reservation.pool());
    if (pool < 0) {
      throw new IllegalArgumentException("reservation on unknown pool " + reservation.pool());
    }
    SlotGrid grid = context.grid;
    long from = Math.max(0, grid.offset(reservation.start()));
    long to = Math.min(grid.end(), grid.offset(reservation.end()));
    if (to > from) {
      ledger.take(
          pool, grid.slotOf(from), grid.slotOf(to - 1), reservation.gpus(), Optional.empty());
    }
  }

  private static Decision place(
      PlanningContext context,
      WindowSearch search,
      CapacityLedger ledger,
      Workload workload,
      Duration horizon) {
    String runningOn = context.interruptions.runningOn().get(workload.id());
    String pausedOn = context.interruptions.pausedOn().get(workload.id());
    List<Integer> pools = search.eligiblePools(workload);
    if (runningOn != null || pausedOn != null) {
      // A running workload goes on, or pauses and resumes, where it runs; a paused one resumes
      // where it paused.
      String pinned = runningOn != null ? runningOn : pausedOn;
      int pool = context.poolIndex(pinned);
      if (pool < 0) {
        throw new IllegalArgumentException(
            "workload "
                + workload.id()
                + (runningOn != null ? " runs on" : " is paused on")
                + " unknown pool "
                + pinned);
      }
      pools = pools.contains(pool) ? List.of(pool) : List.of();
    }
    if (pools.isEmpty()) {
      return new Deferred(
          workload, Deferred.Reason.NO_MATCHING_POOL, Explanations.noMatchingPool(workload));
    }
    Instant ready = workload.readyAt(context.now);
    long first = context.grid.offset(ready);
    if (first + workload.duration().getSeconds() > context.grid.end()) {
      return new Deferred(
          workload,
          Deferred.Reason.BEYOND_HORIZON,
          Explanations.beyondHorizon(workload, context.now, horizon));
    }
    WindowSearch.Choice choice = search.choose(ledger, workload, pools, first, runningOn != null);
    if (choice == null) {
      return new Deferred(
          workload, Deferred.Reason.NO_CAPACITY, Explanations.noCapacity(workload, horizon));
    }
    // Compared with before taking the capacity: a carbon-blind scheduler would find the GPUs as the
    // workload found them.
    RunNowBaseline runNow = RunNowBaseline.of(context, search, ledger, workload, pools, first);
    SlotGrid grid = context.grid;
    long[] pieces =
        choice.pieces() != null
            ? choice.pieces()
            : new long[] {choice.start(), choice.start() + workload.duration().getSeconds()};
    List<Segment> segments = new ArrayList<>(pieces.length / 2);
    long runSeconds = 0;
    for (int i = 0; i < pieces.length; i += 2) {
      ledger.take(
          choice.pool(),
          grid.slotOf(pieces[i]),
          grid.slotOf(pieces[i + 1] - 1),
          workload.gpus(),
          workload.sweep());
      segments.add(new Segment(grid.at(pieces[i]), grid.at(pieces[i + 1])));
      runSeconds += pieces[i + 1] - pieces[i];
    }
    NodePool pool = context.pools.get(choice.pool());
    OptionalDouble expected = present(choice.kgCo2e());
    Instant start = segments.get(0).start();
    return new Placed(
        workload,
        pool,
        start,
        segments.get(segments.size() - 1).end(),
        context.power.energyKwh(pool, workload.gpus(), Duration.ofSeconds(runSeconds)),
        expected,
        runNow.kgCo2e(),
        runNow.place(),
        choice.basis(),
        Explanations.placed(
            context.now, ready, workload, pool, segments, choice.basis(), expected, runNow),
        segments);
  }

  private static OptionalDouble present(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
