package io.carbonq.config;

import java.time.Duration;

/**
 * Planning defaults: the time step of candidate starts, how far ahead to plan, the share of a GPU's
 * rated power drawn while training, and the PUE assumed where a region states none.
 */
public record PolicyConfig(
    Duration step, Duration horizon, double gpuUtilisation, double defaultPue) {
  public static PolicyConfig defaults() {
    return new PolicyConfig(Duration.ofMinutes(30), Duration.ofDays(7), 1.0, 1.0);
  }
}
