package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.Optional;

/**
 * B6, naive spatio-temporal: B5's region, the allowed one with the least intensity now among those
 * with free GPUs for the workload, then B2's window there. While no allowed region has free GPUs it
 * waits and chooses again at the next step, as B5 does; if its slack runs out first, it takes its
 * home region (where its pool was sized for it) and starts now, pausing interruptible work there
 * that can afford it.
 */
public final class GreenestRegionBestWindowPolicy extends PlannedStartPolicy {
  @Override
  public String id() {
    return "B6";
  }

  @Override
  Optional<Target> choose(StepContext context, JobRun run) {
    int region = Windows.greenestRegionWithRoom(context, run.workload());
    if (region >= 0) {
      return Optional.of(new Target(region, Windows.bestStart(context, run.workload(), region)));
    }
    if (Windows.mustRun(context, run)) {
      return Optional.of(new Target(Windows.home(context, run.workload()), context.now()));
    }
    return Optional.empty();
  }
}
