package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.domain.Workload;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a placement is compared with: the workload started as soon as allowed, ignoring the
 * forecast. With a home, in the home region (capacity not modelled there: the comparison is with
 * the grid, not the queue). Without one, where a carbon-blind scheduler would start it: the first
 * eligible pool, in configured order, with its GPUs free at its ready time in the ledger as it
 * stands before the workload is placed; failing that, the first eligible pool. {@code pool} is the
 * pool that stands for it, empty for a home without an eligible pool there.
 */
record RunNowBaseline(RunNow place, Optional<NodePool> pool, OptionalDouble kgCo2e) {

  /**
   * @param pools the eligible pools, non-empty
   * @param first the ready time, in seconds after the grid origin
   */
  static RunNowBaseline of(
      PlanningContext context,
      WindowSearch search,
      CapacityLedger ledger,
      Workload workload,
      List<Integer> pools,
      long first) {
    if (workload.home().isPresent()) {
      return atHome(context, search, workload, workload.home().get(), pools, first);
    }
    List<Integer> byConfiguredOrder =
        pools.stream().sorted(Comparator.comparingInt(context::configuredRank)).toList();
    int slot = context.grid.slotOf(first);
    int chosen =
        byConfiguredOrder.stream()
            .filter(pool -> ledger.freeGpus(pool, slot) >= workload.gpus())
            .findFirst()
            .orElse(byConfiguredOrder.get(0));
    NodePool pool = context.pools.get(chosen);
    return new RunNowBaseline(
        new RunNow(RunNow.Basis.FIRST_FREE_POOL, pool.region().name()),
        Optional.of(pool),
        present(search.kgAt(chosen, workload, first)));
  }

  /**
   * On the first eligible pool at home, or with the first eligible pool's GPUs at the home region's
   * grid and PUE; unknown when no pool is at home.
   */
  private static RunNowBaseline atHome(
      PlanningContext context,
      WindowSearch search,
      Workload workload,
      String home,
      List<Integer> pools,
      long first) {
    RunNow place = new RunNow(RunNow.Basis.HOME, home);
    for (int pool : pools) {
      if (context.pools.get(pool).region().name().equals(home)) {
        return new RunNowBaseline(
            place,
            Optional.of(context.pools.get(pool)),
            present(search.kgAt(pool, workload, first)));
      }
    }
    NodePool stand = context.pools.get(pools.get(0));
    OptionalDouble kg =
        context.pools.stream()
            .filter(p -> p.region().name().equals(home))
            .findFirst()
            .map(homePool -> present(homeKg(context, workload, stand, homePool, first)))
            .orElse(OptionalDouble.empty());
    return new RunNowBaseline(place, Optional.empty(), kg);
  }

  private static double homeKg(
      PlanningContext context, Workload workload, NodePool stand, NodePool home, long first) {
    IntensityTimeline timeline = context.timeline(home.region().zone());
    if (timeline == null) {
      return Double.NaN;
    }
    double energy = context.power.energyKwh(stand, workload.gpus(), workload.duration());
    return energy
        * home.region().pue()
        / 1000
        * timeline.mean(first, first + workload.duration().getSeconds());
  }

  private static OptionalDouble present(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
