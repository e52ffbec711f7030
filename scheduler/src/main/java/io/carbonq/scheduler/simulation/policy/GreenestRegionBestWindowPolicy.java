package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.Optional;

/** B6, naive spatio-temporal: B5's region on arrival, then B2's window there. */
public final class GreenestRegionBestWindowPolicy extends PlannedStartPolicy {
  @Override
  public String id() {
    return "B6";
  }

  @Override
  Optional<Target> choose(StepContext context, JobRun run) {
    int region = Windows.greenestRegionNow(context, run.workload(), false);
    return Optional.of(new Target(region, Windows.bestStart(context, run.workload(), region)));
  }
}
