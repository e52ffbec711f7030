package io.carbonq.scheduler.simulation.parity;

import java.util.Map;

/**
 * The reductions (%) published in "Let's Wait Awhile" (Wiesner et al., Middleware 2021), for
 * comparison.
 */
public final class Published {
  /** Nightly job, windows of ±1, 2, 4, 6, 8 hours. */
  public static final Map<String, double[]> NIGHTLY =
      Map.of(
          "DE", new double[] {1.7, 2.5, 3.7, 7.3, 13.5},
          "GB", new double[] {4.7, 6.6, 8.4, 8.9, 10.2},
          "FR", new double[] {2.9, 4.5, 5.8, 6.9, 7.5});

  /** ML jobs: non-interrupting, interrupting. */
  public static final Map<String, double[]> ML =
      Map.of(
          "DE", new double[] {5.93, 8.16},
          "GB", new double[] {6.57, 9.23},
          "FR", new double[] {4.79, 6.22});

  private Published() {}
}
