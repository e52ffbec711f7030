package io.carbonq.scheduler.simulation;

/**
 * Hears how far a comparison has got, so that a caller can show it while the simulation itself
 * prints nothing. Called on the simulating thread, one policy after another.
 */
public interface ProgressListener {
  /** Hears nothing. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void progressed(String policy, long done, long total) {}

        @Override
        public void skipped(String policy, String reason) {}
      };

  /**
   * {@code done} of {@code total} workloads of {@code policy}'s run are settled: finished, or given
   * up on when the run ends. Each policy that runs is heard first with {@code done == 0} and last
   * with {@code done == total}; {@code done} never decreases in between. Oracles that solve in one
   * piece are heard only at 0 and at {@code total}.
   */
  void progressed(String policy, long done, long total);

  /** {@code policy} was asked for but gives no result, and why (e.g. no solver available). */
  void skipped(String policy, String reason);
}
