package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A quick run on a scenario's first workloads, on pools shrunk so that those workloads load them as
 * the whole scenario loads its own. Every pool shrinks by one factor: the kept workloads' {@link
 * Scenario#offeredLoad() offered load} on the whole scenario's pools divided by the whole
 * scenario's. Their share of the GPU-hours alone would not do: the first workloads arrive within a
 * few days of the trace's three weeks, so the same GPU-hours come much faster than the whole
 * scenario's.
 */
public final class PoolScaling {
  private PoolScaling() {}

  /**
   * The first {@code count} workloads of {@code whole} on its pools scaled to them; {@code whole}
   * itself when it has no more than {@code count}.
   */
  public static Scenario firstWorkloads(Scenario whole, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    if (count >= whole.workloads().size()) {
      return whole;
    }
    Scenario kept = whole.withWorkloads(whole.workloads().subList(0, count));
    double wholeLoad = whole.offeredLoad();
    double factor = wholeLoad > 0 ? kept.offeredLoad() / wholeLoad : 1;
    return kept.withCapacities(scaled(kept.capacities(), factor, widestHomed(kept)));
  }

  /**
   * Each pool times {@code factor}, in whole GPUs that add up to the rounded total (the largest
   * remainders round up, the first pool first on a tie, so that small pools do not all round the
   * same way), then raised to {@code minimums} and to at least one GPU.
   */
  static int[] scaled(int[] capacities, double factor, int[] minimums) {
    if (!(factor >= 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be finite and not negative, got " + factor);
    }
    if (minimums.length != capacities.length) {
      throw new IllegalArgumentException("one minimum per pool is needed");
    }
    double[] exact = new double[capacities.length];
    int[] sizes = new int[capacities.length];
    for (int r = 0; r < sizes.length; r++) {
      exact[r] = capacities[r] * factor;
      sizes[r] = (int) Math.floor(exact[r]);
    }
    long missing = Math.round(Arrays.stream(exact).sum()) - Arrays.stream(sizes).sum();
    Integer[] byRemainder = new Integer[sizes.length];
    Arrays.setAll(byRemainder, r -> r);
    Arrays.sort(
        byRemainder,
        Comparator.comparingDouble((Integer r) -> sizes[r] - exact[r]).thenComparing(r -> r));
    for (int i = 0; i < missing; i++) {
      sizes[byRemainder[i]]++;
    }
    for (int r = 0; r < sizes.length; r++) {
      sizes[r] = Math.max(sizes[r], Math.max(1, minimums[r]));
    }
    return sizes;
  }

  /**
   * Per region, the most GPUs a workload homed there takes: running now puts every workload at
   * home, so a smaller pool would hold it back for ever.
   */
  static int[] widestHomed(Scenario scenario) {
    int[] widest = new int[scenario.regions().size()];
    List<Workload> workloads = scenario.workloads();
    for (Workload workload : workloads) {
      int home = scenario.regionIndex(workload.home().orElseThrow());
      widest[home] = Math.max(widest[home], workload.gpus());
    }
    return widest;
  }
}
