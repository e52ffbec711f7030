package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.SweepRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Free GPUs per pool and slot, and running trials per sweep and slot. Mutable, owned by one
 * planning pass; {@link #copy()} gives an independent ledger for the next.
 */
final class CapacityLedger {
  private final int[][] freeGpus;
  private final Map<String, int[]> runningTrials;

  CapacityLedger(int[] poolSizes, int slots) {
    freeGpus = new int[poolSizes.length][slots];
    for (int pool = 0; pool < poolSizes.length; pool++) {
      java.util.Arrays.fill(freeGpus[pool], poolSizes[pool]);
    }
    runningTrials = new HashMap<>();
  }

  private CapacityLedger(CapacityLedger other) {
    freeGpus = new int[other.freeGpus.length][];
    for (int pool = 0; pool < freeGpus.length; pool++) {
      freeGpus[pool] = other.freeGpus[pool].clone();
    }
    runningTrials = new HashMap<>();
    other.runningTrials.forEach((sweep, counts) -> runningTrials.put(sweep, counts.clone()));
  }

  CapacityLedger copy() {
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
    int[] free = freeGpus[pool];
    int end = Math.min(last, free.length - 1);
    for (int slot = Math.max(0, first); slot <= end; slot++) {
      free[slot] -= gpus;
    }
    sweep.ifPresent(
        s -> {
          int[] trials = runningTrials.computeIfAbsent(s.sweepId(), id -> new int[free.length]);
          for (int slot = Math.max(0, first); slot <= end; slot++) {
            trials[slot]++;
          }
        });
  }
}
