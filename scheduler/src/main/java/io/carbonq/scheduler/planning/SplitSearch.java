package io.carbonq.scheduler.planning;

import java.util.Arrays;

/**
 * Finds the cheapest way to run an interruptible workload in pieces on one pool: the slots of least
 * forecast intensity with room for it before its deadline, cleanest first (earlier on ties), until
 * they hold its work plus one resume overhead per piece after the first — or per piece, when the
 * workload is running now and its first piece does not go on from now. Pure; reads the free runs
 * the caller filled for the pool.
 */
final class SplitSearch {
  private static final int SLOT_BITS = 20;
  private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;

  private final SlotGrid grid;

  SplitSearch(SlotGrid grid) {
    this.grid = grid;
  }

  /**
   * The cheapest pieces within {@code [first, end)} holding {@code work} seconds plus the resume
   * overheads, as start/end pairs in seconds after the grid origin, in time order; null when the
   * slots with room fall short or a forecast gap makes one unscorable.
   *
   * @param runs free runs per slot, as filled by {@link CapacityLedger#fillRuns} from {@code first}
   * @param running whether the workload runs now, so that going on from {@code first} is no resume
   */
  long[] cheapest(
      IntensityTimeline timeline,
      int[] runs,
      long first,
      long end,
      long work,
      long overhead,
      boolean running) {
    return pieces(timeline, runs, first, end, work, overhead, running);
  }

  /**
   * The earliest pieces within {@code [first, end)} holding {@code work} seconds plus the resume
   * overheads, whatever the forecast: for work that is already late.
   */
  long[] earliest(int[] runs, long first, long end, long work, long overhead, boolean running) {
    return pieces(null, runs, first, end, work, overhead, running);
  }

  /** Slots in order of intensity, or of time without a timeline. */
  private long[] pieces(
      IntensityTimeline timeline,
      int[] runs,
      long first,
      long end,
      long work,
      long overhead,
      boolean running) {
    if (end - first < work) {
      return null;
    }
    int firstSlot = grid.slotOf(first);
    int n = grid.slotOf(end - 1) - firstSlot + 1;
    if (n > SLOT_MASK) {
      return null;
    }
    long[] keys = new long[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (runs[firstSlot + i] < 1) {
        continue;
      }
      if (timeline == null) {
        keys[count++] = i;
        continue;
      }
      double grams = timeline.at(firstSlot + i);
      if (Double.isNaN(grams)) {
        return null;
      }
      keys[count++] = (Math.round(grams * 1000) << SLOT_BITS) | i;
    }
    Arrays.sort(keys, 0, count);
    boolean[] chosen = new boolean[n];
    int pieces = 0;
    long covered = 0;
    for (int k = 0; k < count; k++) {
      int i = (int) (keys[k] & SLOT_MASK);
      chosen[i] = true;
      boolean left = i > 0 && chosen[i - 1];
      boolean right = i + 1 < n && chosen[i + 1];
      pieces += 1 - (left ? 1 : 0) - (right ? 1 : 0);
      covered += to(firstSlot + i, end) - from(firstSlot + i, first);
      int resumes = running ? pieces - (chosen[0] ? 1 : 0) : pieces - 1;
      long excess = covered - (work + overhead * resumes);
      if (excess >= 0) {
        // The last slot taken is the dearest: use only what is needed of it, at the edge of its
        // piece (a slot joining two pieces is used whole).
        long trimHead = !left && right ? excess : 0;
        long trimTail = !right ? excess : 0;
        return bounds(chosen, firstSlot, first, end, i, trimHead, trimTail);
      }
    }
    return null;
  }

  private long from(int slot, long first) {
    return Math.max(grid.startOf(slot), first);
  }

  private long to(int slot, long end) {
    return Math.min(grid.startOf(slot + 1), end);
  }

  private long[] bounds(
      boolean[] chosen,
      int firstSlot,
      long first,
      long end,
      int trimmed,
      long trimHead,
      long trimTail) {
    long[] out = new long[2 * chosen.length];
    int used = 0;
    int i = 0;
    while (i < chosen.length) {
      if (!chosen[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < chosen.length && chosen[j + 1]) {
        j++;
      }
      out[used++] = from(firstSlot + i, first) + (i == trimmed ? trimHead : 0);
      out[used++] = to(firstSlot + j, end) - (j == trimmed ? trimTail : 0);
      i = j + 1;
    }
    return Arrays.copyOf(out, used);
  }
}
