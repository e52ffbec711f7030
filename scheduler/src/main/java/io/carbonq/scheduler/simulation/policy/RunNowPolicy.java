package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;

/** B0, carbon-agnostic: in arrival order, every workload starts in its home region once it fits. */
public final class RunNowPolicy implements Policy {
  @Override
  public String id() {
    return "B0";
  }

  @Override
  public void decide(StepContext context) {
    for (JobRun run : context.waiting()) {
      context.start(run, Windows.home(context, run.workload()));
    }
  }
}
