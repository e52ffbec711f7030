package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.Optional;

/** B2, the Carbon Aware SDK method: per workload, in its home region, the best forecast window. */
public final class BestWindowPolicy extends PlannedStartPolicy {
  @Override
  public String id() {
    return "B2";
  }

  @Override
  Optional<Target> choose(StepContext context, JobRun run) {
    int home = Windows.home(context, run.workload());
    return Optional.of(new Target(home, Windows.bestStart(context, run.workload(), home)));
  }
}
