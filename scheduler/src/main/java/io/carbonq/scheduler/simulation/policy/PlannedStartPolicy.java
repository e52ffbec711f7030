package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A baseline that fixes each workload's region and start once, on arrival, and then starts it as
 * soon as that time has come and its GPUs are free, in arrival order.
 */
abstract class PlannedStartPolicy implements Policy {
  record Target(int region, Instant start) {}

  private final Map<String, Target> targets = new HashMap<>();

  abstract Target choose(StepContext context, JobRun run);

  @Override
  public void decide(StepContext context) {
    for (JobRun run : context.waiting()) {
      Target target = targets.computeIfAbsent(run.workload().id(), id -> choose(context, run));
      if (!context.now().isBefore(target.start())) {
        context.start(run, target.region());
      }
    }
  }
}
