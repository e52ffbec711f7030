package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;

/**
 * B5: start now, least slack first, in the allowed region with the lowest intensity and free GPUs;
 * a workload that finds none waits and chooses again at the next step.
 */
public final class GreenestRegionPolicy implements Policy {
  @Override
  public String id() {
    return "B5";
  }

  @Override
  public void decide(StepContext context) {
    for (JobRun run :
        context.waiting().stream().sorted(LeastSlackDispatcher.leastSlackFirst(context)).toList()) {
      int region = Windows.greenestRegionWithRoom(context, run.workload());
      if (region >= 0) {
        context.start(run, region);
      }
    }
  }
}
