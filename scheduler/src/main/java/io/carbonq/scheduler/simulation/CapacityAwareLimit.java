package io.carbonq.scheduler.simulation;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * O2, the capacity-aware limit: the least emissions of any schedule that does the scenario's work
 * within the pools' capacity, relaxed to let work pause and move between regions freely. Solving it
 * needs an exact min-cost-flow solver, which carbonq's benchmark build supplies and the runtime jar
 * does not carry.
 */
public interface CapacityAwareLimit {
  double kgCo2e(Scenario scenario);

  /** The implementation on the class path, if any. */
  static Optional<CapacityAwareLimit> available() {
    return ServiceLoader.load(CapacityAwareLimit.class).findFirst();
  }
}
