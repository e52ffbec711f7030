package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.Optional;

/** B4, Carbon-Time: the start maximising forecast saving ÷ (wait + duration), home region. */
public final class CarbonTimePolicy extends PlannedStartPolicy {
  @Override
  public String id() {
    return "B4";
  }

  @Override
  Optional<Target> choose(StepContext context, JobRun run) {
    int home = Windows.home(context, run.workload());
    return Optional.of(new Target(home, Windows.carbonTimeStart(context, run.workload(), home)));
  }
}
