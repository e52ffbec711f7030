package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;

/**
 * B5: start now, in arrival order, in the allowed region with the lowest intensity and free GPUs.
 */
public final class GreenestRegionPolicy implements Policy {
  @Override
  public String id() {
    return "B5";
  }

  @Override
  public void decide(StepContext context) {
    for (JobRun run : context.waiting()) {
      int region = Windows.greenestRegionNow(context, run.workload(), true);
      if (region >= 0) {
        context.start(run, region);
      }
    }
  }
}
