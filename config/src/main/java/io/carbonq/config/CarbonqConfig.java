package io.carbonq.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated, immutable configuration: the known regions and GPU models (bundled ones merged
 * with the file's), the node pools, the forecast sources in fallback order (with per-zone orders in
 * {@code fallback}), the forecast cache, the planning policy and the default {@code home}: the
 * region a job's savings are measured against when its spec names neither a home nor regions
 * (empty: such a job has no home), the teams (each a set of owners) and the carbon budgets.
 */
public record CarbonqConfig(
    List<RegionConfig> regions,
    List<GpuConfig> gpus,
    List<PoolConfig> pools,
    List<SourceConfig> sources,
    Map<String, List<String>> fallback,
    ForecastCacheConfig forecastCache,
    ExecutorConfig executor,
    PolicyConfig policy,
    Optional<String> home,
    Map<String, List<String>> teams,
    List<BudgetConfig> budgets) {

  public CarbonqConfig {
    java.util.Objects.requireNonNull(home, "home");
    Map<String, List<String>> ownTeams = new java.util.LinkedHashMap<>();
    teams.forEach((team, owners) -> ownTeams.put(team, List.copyOf(owners)));
    teams = java.util.Collections.unmodifiableMap(ownTeams);
    budgets = List.copyOf(budgets);
    regions = List.copyOf(regions);
    gpus = List.copyOf(gpus);
    pools = List.copyOf(pools);
    sources = List.copyOf(sources);
    fallback = Map.copyOf(fallback);
  }

  /** The configured source of {@code type}, if it is in the fallback order. */
  public Optional<SourceConfig> source(String type) {
    return sources.stream().filter(source -> source.type().equals(type)).findFirst();
  }

  public Optional<RegionConfig> region(String name) {
    return regions.stream().filter(region -> region.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The GPU model {@code name} refers to, by its name or one of its aliases. */
  public Optional<GpuConfig> gpu(String name) {
    return gpus.stream().filter(gpu -> gpu.answersTo(name)).findFirst();
  }

  public Set<String> regionNames() {
    Set<String> names = new TreeSet<>();
    regions.forEach(region -> names.add(region.name()));
    return names;
  }

  public Set<String> gpuModels() {
    Set<String> names = new TreeSet<>();
    gpus.forEach(gpu -> names.add(gpu.model()));
    return names;
  }

  /** The teams {@code owner} is in, in the order carbonq.yaml lists them. */
  public List<String> teamsOf(String owner) {
    return teams.entrySet().stream()
        .filter(team -> team.getValue().contains(owner))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The zones of all known regions. */
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>();
    regions.forEach(region -> zones.add(region.zone()));
    return zones;
  }
}
