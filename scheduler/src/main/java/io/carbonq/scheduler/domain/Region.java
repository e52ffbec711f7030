package io.carbonq.scheduler.domain;

import java.util.Objects;

/**
 * A place where GPUs run ({@code gcp:europe-west4}), the grid zone that supplies it ({@code NL}),
 * and its power usage effectiveness: facility energy divided by IT energy, at least 1.
 */
public record Region(String name, String zone, double pue) {
  public Region {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    if (!(pue >= 1.0 && pue <= 3.0)) {
      throw new IllegalArgumentException("region " + name + ": pue must be in [1, 3], got " + pue);
    }
  }
}
