package io.carbonq.config;

import java.util.Objects;

/**
 * The estimated power of a pool's host (CPUs, memory) per GPU a job holds, in watts, and where the
 * figure comes from ({@code p4d.24xlarge (CCF coefficients)} or {@code hostWattsPerGpu in
 * carbonq.yaml}), so a report can say how the host share was estimated.
 */
public record HostPower(double wattsPerGpu, String basis) {
  public HostPower {
    Objects.requireNonNull(basis, "basis");
    if (!(wattsPerGpu > 0) || Double.isInfinite(wattsPerGpu)) {
      throw new IllegalArgumentException("host watts per GPU must be > 0, got " + wattsPerGpu);
    }
  }
}
