package io.carbonq.scheduler.planning;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed part of a planning pass: the grid, the pools in name order (and the order they were
 * configured in) and the forecasts on the grid.
 */
final class PlanningContext {
  final Instant now;
  final SlotGrid grid;
  final List<NodePool> pools;
  final GpuPowerModel power;
  final double reserveShare;
  final Interruptions interruptions;
  private final Map<String, IntensityTimeline> timelinesByZone = new HashMap<>();
  private final Map<String, Double> revisionGramsPerKwhByZone;
  private final int[] configuredRanks;

  PlanningContext(PlanningInput input) {
    this.now = input.now();
    this.grid = SlotGrid.covering(input.now(), input.step(), input.horizon());
    this.pools = input.pools().stream().sorted(Comparator.comparing(NodePool::name)).toList();
    this.configuredRanks = pools.stream().mapToInt(input.pools()::indexOf).toArray();
    this.power = input.power();
    this.reserveShare = input.reserveShare();
    this.interruptions = input.interruptions();
    this.revisionGramsPerKwhByZone = input.forecastRevisionGramsPerKwhByZone();
    for (Map.Entry<String, IntensitySeries> entry : input.forecastsByZone().entrySet()) {
      timelinesByZone.put(entry.getKey(), IntensityTimeline.on(grid, entry.getValue()));
    }
  }

  /** The forecast of the zone on the grid, or null when there is none. */
  IntensityTimeline timeline(String zone) {
    return timelinesByZone.get(zone);
  }

  /** How far the zone's forecast moves from one issue to the next (gCO2e/kWh); 0 when steady. */
  double revisionGramsPerKwh(String zone) {
    return revisionGramsPerKwhByZone.getOrDefault(zone, 0.0);
  }

  /** Where pool {@code pool} (an index in name order) stands in the input's order of pools. */
  int configuredRank(int pool) {
    return configuredRanks[pool];
  }

  int poolIndex(String name) {
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  CapacityLedger emptyLedger() {
    return new CapacityLedger(pools.stream().mapToInt(NodePool::gpus).toArray(), grid.slots());
  }
}
