package io.carbonq.config;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A place where GPUs run: a cloud region ({@code gcp:europe-west4}) or a site of one's own, the
 * grid zone that supplies it (an Electricity Maps zone id such as {@code NL}), its PUE, and, where
 * known, the share of its energy matched by carbon-free energy its operator procures (what a
 * market-based footprint subtracts), with where that share comes from.
 */
public record RegionConfig(
    String name,
    String zone,
    double pue,
    String location,
    OptionalDouble carbonFreeShare,
    String carbonFreeSource) {

  public RegionConfig {
    Objects.requireNonNull(carbonFreeShare, "carbonFreeShare");
    Objects.requireNonNull(carbonFreeSource, "carbonFreeSource");
  }

  /** A region with no known carbon-free energy share. */
  public RegionConfig(String name, String zone, double pue, String location) {
    this(name, zone, pue, location, OptionalDouble.empty(), "");
  }
}
