package io.carbonq.scheduler.backtest;

import java.util.Objects;

/**
 * A GPU pool of the backtest's cluster: from the user's carbonq.yaml ({@code gpus} its size), or
 * one per group of the history ({@code gpus} 0: sized by the history's peak).
 */
public record PoolSpec(String name, String zone, double pue, int gpus) {
  public PoolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    if (!(pue >= 1)) {
      throw new IllegalArgumentException("pool " + name + ": PUE must be at least 1, got " + pue);
    }
    if (gpus < 0) {
      throw new IllegalArgumentException("pool " + name + ": gpus must not be negative");
    }
  }
}
