package io.carbonq.scheduler.simulation;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * O3, the exact optimum on small instances: the least emissions of any schedule that runs every
 * workload whole (no pause, no move), starting on the step grid, within its window and the pools'
 * capacity. It needs a constraint solver, which carbonq's benchmark build supplies and the runtime
 * jar does not carry.
 */
public interface ExactOptimum {
  /** The largest scenario, in workloads, it is meant for. */
  int MAX_WORKLOADS = 500;

  /** The optimum in kgCO2e, or empty when no schedule meets every deadline. */
  java.util.OptionalDouble kgCo2e(Scenario scenario);

  /** The implementation on the class path, if any. */
  static Optional<ExactOptimum> available() {
    return ServiceLoader.load(ExactOptimum.class).findFirst();
  }
}
