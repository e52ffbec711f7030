package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads where a job may run ({@code regions}) and what its savings are measured against ({@code
 * home}). The home is the one the spec names; else, when it lists regions, the first of them; else
 * the configuration's default home; else none, and the job is compared with where a carbon-blind
 * scheduler would run it.
 */
final class RegionSpecs {
  private static final int MAX_NAME_CHARS = 128;

  private final Fleet fleet;

  RegionSpecs(Fleet fleet) {
    this.fleet = fleet;
  }

  /** The allowed regions as the fleet names them; left out, every region with a pool. */
  List<String> regions(JsonNode spec, String prefix, JobSpecReader.Errors errors) {
    if (!spec.has("regions")) {
      return List.copyOf(poolRegions());
    }
    List<String> typed = JobSpecReader.texts(spec, "regions", prefix, errors, MAX_NAME_CHARS);
    if (typed.isEmpty()) {
      errors.add(prefix + "regions", "must list at least one region, or be left out to allow all");
    }
    List<String> regions = new ArrayList<>();
    boolean repeatSaid = false;
    for (int i = 0; i < typed.size(); i++) {
      try {
        String region = fleet.region(typed.get(i)).name();
        if (!regions.contains(region)) {
          regions.add(region);
        } else if (!repeatSaid) {
          // Said once: a list of thousands of copies should not make thousands of errors.
          repeatSaid = true;
          errors.add(
              prefix + "regions[" + i + "]",
              region
                  + " is listed already, at regions["
                  + regions.indexOf(region)
                  + "]; list"
                  + " each region once");
        }
      } catch (UnknownNameException e) {
        errors.add(prefix + "regions[" + i + "]", e.getMessage());
      }
    }
    return regions;
  }

  /**
   * The home: a known region with a pool (only the pools' grids are forecast), which may lie
   * outside {@code regions}.
   */
  Optional<String> home(
      JsonNode spec, String prefix, List<String> regions, JobSpecReader.Errors errors) {
    Optional<String> typed = JobSpecReader.text(spec, "home", prefix, errors, false);
    if (typed.isEmpty()) {
      return spec.has("regions") && !regions.isEmpty()
          ? Optional.of(regions.get(0))
          : fleet.config().home();
    }
    String home;
    try {
      home = fleet.region(typed.get()).name();
    } catch (UnknownNameException e) {
      errors.add(prefix + "home", e.getMessage());
      return Optional.empty();
    }
    Set<String> withPool = poolRegions();
    if (!withPool.contains(home)) {
      errors.add(
          prefix + "home",
          "no pool is in "
              + home
              + ", so running there cannot be forecast; use a region with a pool ("
              + String.join(", ", withPool)
              + ") or leave home out");
      return Optional.empty();
    }
    return Optional.of(home);
  }

  /** The regions with a pool, in the order the pools are configured. */
  private Set<String> poolRegions() {
    Set<String> regions = new LinkedHashSet<>();
    for (NodePool pool : fleet.pools()) {
      regions.add(pool.region().name());
    }
    return regions;
  }
}
