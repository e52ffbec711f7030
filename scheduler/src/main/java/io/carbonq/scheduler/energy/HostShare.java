package io.carbonq.scheduler.energy;

import java.util.Arrays;

/**
 * How a run's host share (CPUs, memory) is counted: measured by a meter (Kepler), estimated from
 * the pool's node type or stated host watts, or not counted at all, so a reader of a report knows
 * whether its energy is the GPUs' alone.
 */
public enum HostShare {
  MEASURED("measured"),
  ESTIMATED("estimated"),
  NOT_COUNTED("not counted");

  private final String label;

  HostShare(String label) {
    this.label = label;
  }

  /**
   * The label reports and the store use: {@code measured}, {@code estimated}, {@code not counted}.
   */
  public String label() {
    return label;
  }

  public static HostShare ofLabel(String label) {
    return Arrays.stream(values())
        .filter(share -> share.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown host share '" + label + "'"));
  }
}
