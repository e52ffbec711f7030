package io.carbonq.scheduler.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * What a saving is measured against: the workload started as soon as allowed in {@code region}, and
 * why that region ({@code basis}).
 */
public record RunNow(Basis basis, String region) {

  /** Why "running now" means that region. */
  public enum Basis {
    /** The workload's home. */
    HOME,
    /**
     * No home: the first eligible pool, in configured order, with the workload's GPUs free when it
     * is ready (or the first eligible pool, when none is), as a carbon-blind scheduler would pick.
     */
    FIRST_FREE_POOL,
    /** No home, measured after the run: where it ran, shifted to its start; time-shift only. */
    WHERE_IT_RAN;

    /**
     * {@code home}, {@code first-free-pool}, {@code where-it-ran}: as JSON and the store say it.
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Basis ofLabel(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  public RunNow {
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(region, "region");
  }
}
