package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where and when one workload should run: over every eligible pool and every start on the
 * grid (plus its first possible moment), the window with the least expected emissions that fits
 * free capacity and finishes by the deadline. Ties go to the earlier start, then the pool first in
 * name order; without a forecast, the earliest start goes first, then the region the workload lists
 * first. Pure given the ledger; the ledger is only read.
 */
final class WindowSearch {
  private static final double TIE = 1e-9;

  /**
   * What a split must save against the best single window to be worth its pauses: beyond the
   * modelled resume overhead, each pause is a checkpoint that can fail.
   */
  private static final double SPLIT_GAIN = 0.01;

  /**
   * The share of its run time a late run may end later than it could to run in a cleaner region:
   * once late, ending minutes sooner is not worth tens of kilos; ending days later would be.
   */
  private static final double LATE_SHARE = 0.02;

  /** What a late run's cleaner option must save against the first to end to be taken. */
  private static final double LATE_GAIN = 0.01;

  /**
   * A candidate: pool index, start in seconds after the grid origin, its emissions, and for a split
   * run its pieces as start/end pairs (null for one window).
   */
  record Choice(int pool, long start, double kgCo2e, Basis basis, long[] pieces) {
    Choice(int pool, long start, double kgCo2e, Basis basis) {
      this(pool, start, kgCo2e, basis, null);
    }
  }

  private final PlanningContext context;
  private final SplitSearch splits;
  private final int[] runs;

  WindowSearch(PlanningContext context) {
    this.context = context;
    this.splits = new SplitSearch(context.grid);
    this.runs = new int[context.grid.slots()];
  }

  /** Indices of the pools that can ever run the workload, in name order. */
  List<Integer> eligiblePools(Workload workload) {
    List<Integer> eligible = new ArrayList<>();
    for (int i = 0; i < context.pools.size(); i++) {
      if (canEverRun(context.pools.get(i), workload)) {
        eligible.add(i);
      }
    }
    return eligible;
  }

  /** Whether the pool can ever run the workload: an allowed region, a GPU model and room. */
  static boolean canEverRun(NodePool pool, Workload workload) {
    return workload.regions().contains(pool.region().name())
        && workload.accepts(pool.gpuModel())
        && pool.gpus() >= workload.gpus();
  }

  /**
   * The best window by the forecast (or, for an interruptible workload where splitting is allowed,
   * the best pieces when they save enough); failing that, the earliest feasible window (fail-open);
   * failing that, the earliest one with free capacity past the deadline, or the cleanest that ends
   * within a step or 2 % of the run time of it (late); null when none fits. A workload {@code
   * running} now may only go on from {@code first} as one window, or pause.
   */
  Choice choose(
      CapacityLedger ledger, Workload workload, List<Integer> pools, long first, boolean running) {
    SlotGrid grid = context.grid;
    long duration = workload.duration().getSeconds();
    long lastInHorizon = grid.end() - duration;
    long lastByDeadline = Math.min(lastInHorizon, grid.offset(workload.latestStart()));
    long lastWindowStart = running ? Math.min(first, lastByDeadline) : lastByDeadline;
    boolean maySplit = context.interruptions.split() && workload.interruptible();
    Choice best = null;
    Choice bestSplit = null;
    Choice earliestUnscored = null;
    boolean canWait = lastByDeadline > first;
    for (int pool : pools) {
      NodePool nodePool = context.pools.get(pool);
      // Work that can be paused later needs no reserve kept from it: it yields when urgent work
      // comes.
      int room = canWait && !maySplit ? withReserve(nodePool, workload.gpus()) : workload.gpus();
      // Only the slots up to the deadline matter here.
      ledger.fillRuns(
          pool,
          room,
          workload.sweep(),
          grid.slotOf(first),
          grid.slotOf(lastByDeadline + duration - 1),
          runs);
      IntensityTimeline timeline = context.timeline(nodePool.region().zone());
      double kgPerGramPerKwh = kgPerGramPerKwh(nodePool, workload);
      if (maySplit && timeline != null && canWait) {
        // Pieces end a step before the deadline: every pause and resume lands a little off the
        // plan, and late by a minute is late. Work with less slack than that runs whole.
        long margin = grid.stepSeconds();
        long[] pieces =
            splits.cheapest(
                timeline,
                runs,
                first,
                lastByDeadline + duration - margin,
                duration,
                context.interruptions.resumeOverhead().getSeconds(),
                running);
        if (pieces != null) {
          double kg = kgOfPieces(pool, workload, pieces);
          if (bestSplit == null || isBetter(kg, pieces[0], bestSplit)) {
            bestSplit = new Choice(pool, pieces[0], kg, Basis.FORECAST, pieces);
          }
        }
      }
      for (long start = first; start <= lastWindowStart; start = nextStart(start)) {
        if (!fits(start, duration)) {
          continue;
        }
        double mean = timeline == null ? Double.NaN : timeline.mean(start, start + duration);
        if (Double.isNaN(mean)) {
          if (earliestUnscored == null
              || comesFirst(
                  workload, start, pool, earliestUnscored.start(), earliestUnscored.pool())) {
            earliestUnscored = new Choice(pool, start, Double.NaN, Basis.FAIL_OPEN);
          }
          continue;
        }
        double kg = kgPerGramPerKwh * mean;
        if (best == null || isBetter(kg, start, best)) {
          best = new Choice(pool, start, kg, Basis.FORECAST);
        }
      }
    }
    if (bestSplit != null && (best == null || splitPays(workload, bestSplit, best))) {
      return bestSplit;
    }
    if (best != null) {
      return best;
    }
    if (earliestUnscored != null) {
      return earliestUnscored;
    }
    if (maySplit) {
      return earliestLatePieces(ledger, workload, pools, first, running);
    }
    return earliestLate(
        ledger, workload, pools, Math.max(first, lastByDeadline + 1), lastInHorizon);
  }

  /**
   * Whether pieces save enough against the best single window: {@link #SPLIT_GAIN}, and more than
   * the workload's energy × PUE times the larger revision (gCO2e/kWh) of the two zones' forecasts,
   * so that a pause is not planned on a dip the next issue takes back.
   */
  private boolean splitPays(Workload workload, Choice split, Choice window) {
    if (!(split.kgCo2e() < window.kgCo2e() * (1 - SPLIT_GAIN))) {
      return false;
    }
    NodePool splitPool = context.pools.get(split.pool());
    double revisionGramsPerKwh =
        Math.max(
            context.revisionGramsPerKwh(splitPool.region().zone()),
            context.revisionGramsPerKwh(context.pools.get(window.pool()).region().zone()));
    // The saving is a difference of two means over the run's slots: with revisions independent
    // from slot to slot, its noise is the revision times sqrt(2 / slots).
    double slots =
        Math.max(1.0, (double) workload.duration().getSeconds() / context.grid.stepSeconds());
    double noiseGramsPerKwh = revisionGramsPerKwh * Math.sqrt(2 / slots);
    return window.kgCo2e() - split.kgCo2e()
        > noiseGramsPerKwh * kgPerGramPerKwh(splitPool, workload);
  }

  /**
   * For late interruptible work: the pieces that finish first, in any slots with room; among pools
   * that finish it within {@link #lateTolerance} of the first, the cleanest.
   */
  private Choice earliestLatePieces(
      CapacityLedger ledger, Workload workload, List<Integer> pools, long first, boolean running) {
    long duration = workload.duration().getSeconds();
    List<Choice> options = new ArrayList<>();
    for (int pool : pools) {
      ledger.fillRuns(
          pool,
          workload.gpus(),
          workload.sweep(),
          context.grid.slotOf(first),
          context.grid.slots() - 1,
          runs);
      long[] pieces =
          splits.earliest(
              runs,
              first,
              context.grid.end(),
              duration,
              context.interruptions.resumeOverhead().getSeconds(),
              running);
      if (pieces != null) {
        options.add(
            new Choice(pool, pieces[0], kgOfPieces(pool, workload, pieces), Basis.LATE, pieces));
      }
    }
    return cleanestNearFirst(workload, options);
  }

  /**
   * Of late options, the first to end (on a tie, in the region the workload lists first), unless
   * one that ends at most {@link #lateTolerance} later is expected to emit {@link #LATE_GAIN} less
   * or more: then the cleanest such. A run already late is not worth tens of kilos to end minutes
   * sooner. Without a forecast for the first to end there is nothing to weigh, and it stays.
   */
  private Choice cleanestNearFirst(Workload workload, List<Choice> options) {
    Choice first = null;
    for (Choice option : options) {
      if (first == null
          || comesFirst(
              workload,
              endOf(workload, option),
              option.pool(),
              endOf(workload, first),
              first.pool())) {
        first = option;
      }
    }
    if (first == null || Double.isNaN(first.kgCo2e())) {
      return first;
    }
    long latestEnd = endOf(workload, first) + lateTolerance(workload);
    double bar = first.kgCo2e() * (1 - LATE_GAIN);
    Choice chosen = first;
    for (Choice option : options) {
      double kg = option.kgCo2e();
      if (endOf(workload, option) <= latestEnd
          && kg < bar
          && (chosen == first || kg < chosen.kgCo2e())) {
        chosen = option;
      }
    }
    return chosen;
  }

  private static long endOf(Workload workload, Choice choice) {
    return choice.pieces() != null
        ? choice.pieces()[choice.pieces().length - 1]
        : choice.start() + workload.duration().getSeconds();
  }

  /**
   * How much later than it could a late run may end to run cleaner: the longer of a step and 2 % of
   * its run time.
   */
  private long lateTolerance(Workload workload) {
    return Math.max(
        context.grid.stepSeconds(), Math.round(LATE_SHARE * workload.duration().getSeconds()));
  }

  private Choice earliestLate(
      CapacityLedger ledger, Workload workload, List<Integer> pools, long from, long last) {
    long duration = workload.duration().getSeconds();
    List<Choice> options = new ArrayList<>();
    for (int pool : pools) {
      ledger.fillRuns(
          pool,
          workload.gpus(),
          workload.sweep(),
          context.grid.slotOf(from),
          context.grid.slots() - 1,
          runs);
      for (long start = from; start <= last; start = nextStart(start)) {
        if (fits(start, duration)) {
          options.add(new Choice(pool, start, kgAt(pool, workload, start), Basis.LATE));
          break;
        }
      }
    }
    return cleanestNearFirst(workload, options);
  }

  /**
   * The free GPUs a workload that could wait needs: its own plus the pool's reserve, at most all.
   */
  private int withReserve(NodePool pool, int gpus) {
    int reserve = (int) Math.ceil(context.reserveShare * pool.gpus());
    return Math.min(pool.gpus(), gpus + reserve);
  }

  /**
   * Expected emissions of running the workload on a pool from {@code start}; NaN without forecast.
   */
  double kgAt(int pool, Workload workload, long start) {
    NodePool nodePool = context.pools.get(pool);
    IntensityTimeline timeline = context.timeline(nodePool.region().zone());
    if (timeline == null) {
      return Double.NaN;
    }
    long duration = workload.duration().getSeconds();
    return kgPerGramPerKwh(nodePool, workload) * timeline.mean(start, start + duration);
  }

  /**
   * Expected emissions of running the workload on a pool in {@code pieces} (start/end pairs, the
   * resume overheads included); NaN without forecast.
   */
  private double kgOfPieces(int pool, Workload workload, long[] pieces) {
    NodePool nodePool = context.pools.get(pool);
    IntensityTimeline timeline = context.timeline(nodePool.region().zone());
    if (timeline == null) {
      return Double.NaN;
    }
    double gramSeconds = 0;
    for (int i = 0; i < pieces.length; i += 2) {
      gramSeconds += timeline.mean(pieces[i], pieces[i + 1]) * (pieces[i + 1] - pieces[i]);
    }
    return kgPerGramPerKwh(nodePool, workload) / workload.duration().getSeconds() * gramSeconds;
  }

  private double kgPerGramPerKwh(NodePool pool, Workload workload) {
    double energyKwh = context.power.energyKwh(pool, workload.gpus(), workload.duration());
    return energyKwh * pool.region().pue() / 1000;
  }

  private boolean fits(long start, long duration) {
    int first = context.grid.slotOf(start);
    int last = context.grid.slotOf(start + duration - 1);
    return runs[first] > last - first;
  }

  private long nextStart(long start) {
    return context.grid.startOf(context.grid.slotOf(start) + 1);
  }

  /**
   * Whether {@code pool} at {@code at} (a start or an end) comes before {@code currentPool} at
   * {@code currentAt}: the earlier moment first; at the same moment, the region the workload lists
   * first.
   */
  private boolean comesFirst(
      Workload workload, long at, int pool, long currentAt, int currentPool) {
    if (at != currentAt) {
      return at < currentAt;
    }
    return preference(workload, pool) < preference(workload, currentPool);
  }

  private int preference(Workload workload, int pool) {
    return workload.regions().indexOf(context.pools.get(pool).region().name());
  }

  private static boolean isBetter(double kg, long start, Choice best) {
    double tolerance = TIE * Math.max(1e-12, Math.abs(best.kgCo2e()));
    if (kg < best.kgCo2e() - tolerance) {
      return true;
    }
    return kg <= best.kgCo2e() + tolerance && start < best.start();
  }
}
