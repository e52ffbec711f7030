package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.SweepRef;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Free GPUs per pool and slot, and running trials per sweep and slot. Mutable, owned by one
 * planning pass; {@link #copy()} gives an independent ledger for the next. A copy shares every row
 * (one pool's or one sweep's slots) with its original, and each of the two copies a shared row
 * before it first writes it, so that copying and then taking one workload's capacity costs a few
 * rows however many sweeps there are.
 */
final class CapacityLedger {
  private final int slots;
  private final int[][] freeGpus;

  /** The pools whose row of {@link #freeGpus} this ledger alone holds, and may write in place. */
  private final boolean[] ownsFreeGpus;

  private HashTrie<String, int[]> runningTrials;

  /** The sweeps whose row of {@link #runningTrials} this ledger alone holds. */
  private final Set<String> ownsTrials;

  CapacityLedger(int[] poolSizes, int slots) {
    this.slots = slots;
    freeGpus = new int[poolSizes.length][slots];
    for (int pool = 0; pool < poolSizes.length; pool++) {
      Arrays.fill(freeGpus[pool], poolSizes[pool]);
    }
    ownsFreeGpus = new boolean[poolSizes.length];
    Arrays.fill(ownsFreeGpus, true);
    runningTrials = HashTrie.empty();
    ownsTrials = new HashSet<>();
  }

  private CapacityLedger(CapacityLedger other) {
    slots = other.slots;
    freeGpus = other.freeGpus.clone();
    ownsFreeGpus = new boolean[freeGpus.length];
    runningTrials = other.runningTrials;
    ownsTrials = new HashSet<>();
  }

  /**
   * An independent ledger with the same contents, in time that grows with the pools only. From now
   * on this ledger too copies each row before writing it: the two share all their rows. Writes
   * nothing to this ledger when it holds no row of its own, as in a {@link Plan}, so that plans can
   * be added to from several threads.
   */
  CapacityLedger copy() {
    for (int pool = 0; pool < ownsFreeGpus.length; pool++) {
      if (ownsFreeGpus[pool]) {
        ownsFreeGpus[pool] = false;
      }
    }
    if (!ownsTrials.isEmpty()) {
      ownsTrials.clear();
    }
    return new CapacityLedger(this);
  }

  int freeGpus(int pool, int slot) {
    return freeGpus[pool][slot];
  }

  /**
   * Fills {@code runs[slot]} with how many consecutive slots from {@code slot} on, up to {@code
   * toSlot}, can take the workload, for every slot from {@code fromSlot} to {@code toSlot}: a start
   * at slot a that occupies slots a..b (b ≤ toSlot) fits exactly when {@code runs[a] > b - a}.
   */
  void fillRuns(
      int pool, int gpus, Optional<SweepRef> sweep, int fromSlot, int toSlot, int[] runs) {
    int[] free = freeGpus[pool];
    int[] trials = sweep.map(s -> runningTrials.get(s.sweepId())).orElse(null);
    int cap = sweep.map(SweepRef::maxParallel).orElse(Integer.MAX_VALUE);
    int run = 0;
    for (int slot = Math.min(free.length - 1, toSlot); slot >= fromSlot; slot--) {
      boolean fits = free[slot] >= gpus && (trials == null || trials[slot] < cap);
      run = fits ? run + 1 : 0;
      runs[slot] = run;
    }
  }

  /** Takes {@code gpus} GPUs of {@code pool} over slots {@code first..last}, both inclusive. */
  void take(int pool, int first, int last, int gpus, Optional<SweepRef> sweep) {
    int[] free = writableFreeGpus(pool);
    int end = Math.min(last, free.length - 1);
    for (int slot = Math.max(0, first); slot <= end; slot++) {
      free[slot] -= gpus;
    }
    sweep.ifPresent(
        s -> {
          int[] trials = writableTrials(s.sweepId());
          for (int slot = Math.max(0, first); slot <= end; slot++) {
            trials[slot]++;
          }
        });
  }

  private int[] writableFreeGpus(int pool) {
    if (!ownsFreeGpus[pool]) {
      freeGpus[pool] = freeGpus[pool].clone();
      ownsFreeGpus[pool] = true;
    }
    return freeGpus[pool];
  }

  private int[] writableTrials(String sweepId) {
    int[] trials = runningTrials.get(sweepId);
    if (trials != null && ownsTrials.contains(sweepId)) {
      return trials;
    }
    int[] own = trials == null ? new int[slots] : trials.clone();
    runningTrials = runningTrials.with(sweepId, own);
    ownsTrials.add(sweepId);
    return own;
  }
}
