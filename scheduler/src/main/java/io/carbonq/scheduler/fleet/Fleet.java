package io.carbonq.scheduler.fleet;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.GpuConfig;
import io.carbonq.config.HostPower;
import io.carbonq.config.RegionConfig;
import io.carbonq.config.Suggestions;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Region;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration translated into domain values: every known region, the node pools and the GPU
 * power model. Resolves the names people type (any case, GPU aliases) and explains unknown ones.
 */
public final class Fleet {
  private final CarbonqConfig config;
  private final Map<String, Region> regions = new LinkedHashMap<>();
  private final List<NodePool> pools;
  private final GpuPowerModel power;

  public Fleet(CarbonqConfig config) {
    this.config = config;
    for (RegionConfig region : config.regions()) {
      regions.put(region.name(), new Region(region.name(), region.zone(), region.pue()));
    }
    this.pools =
        config.pools().stream()
            .map(
                p ->
                    new NodePool(
                        p.name(),
                        regions.get(p.region()),
                        p.gpuModel(),
                        p.gpus(),
                        p.host().map(HostPower::wattsPerGpu).orElse(0.0)))
            .toList();
    Map<String, Double> watts = new LinkedHashMap<>();
    config.gpus().forEach(gpu -> watts.put(gpu.model(), gpu.watts()));
    this.power = new GpuPowerModel(watts, config.policy().gpuUtilisation());
  }

  public CarbonqConfig config() {
    return config;
  }

  public List<NodePool> pools() {
    return pools;
  }

  public GpuPowerModel power() {
    return power;
  }

  public List<Region> regions() {
    return List.copyOf(regions.values());
  }

  /** The zones of the regions that have pools: the ones planning needs forecasts for. */
  public Set<String> poolZones() {
    Set<String> zones = new TreeSet<>();
    pools.forEach(pool -> zones.add(pool.region().zone()));
    return zones;
  }

  /** The region named {@code name} in any case, or an error listing the known ones. */
  public Region region(String name) {
    return config
        .region(name)
        .map(r -> regions.get(r.name()))
        .orElseThrow(
            () ->
                new UnknownNameException(
                    "unknown region '"
                        + name
                        + "'; "
                        + Suggestions.knownOrClosest(name, config.regionNames())));
  }

  /**
   * The canonical GPU model for {@code name} (any case or alias), or an error listing the known.
   */
  public String gpuModel(String name) {
    return config
        .gpu(name)
        .map(GpuConfig::model)
        .orElseThrow(
            () ->
                new UnknownNameException(
                    "unknown GPU model '"
                        + name
                        + "'; "
                        + Suggestions.knownOrClosest(name, config.gpuModels())));
  }
}
