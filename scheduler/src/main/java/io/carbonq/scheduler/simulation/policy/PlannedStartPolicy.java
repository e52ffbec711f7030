package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import io.carbonq.scheduler.simulation.policy.LeastSlackDispatcher.Due;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A baseline that fixes each workload's region and start once, on arrival (or at the first step it
 * can choose), and from that start on leaves it to the {@link LeastSlackDispatcher}: least slack
 * first where GPUs are free, pausing interruptible work with slack to spare for work that must
 * start now. Paused work resumes as soon as its GPUs are free unless the policy wants it paused.
 */
abstract class PlannedStartPolicy implements Policy {
  record Target(int region, Instant start) {}

  private final Map<String, Target> targets = new HashMap<>();

  /** The region and start for a waiting workload; empty to choose again at the next step. */
  abstract Optional<Target> choose(StepContext context, JobRun run);

  /**
   * Whether a paused workload wants to run now; those that must run to meet their deadline resume
   * regardless. Only the dispatcher pauses work unless a policy pauses its own.
   */
  boolean resumeWanted(StepContext context, JobRun run) {
    return true;
  }

  @Override
  public void decide(StepContext context) {
    List<Due> due = new ArrayList<>();
    for (JobRun run : context.waiting()) {
      String id = run.workload().id();
      Optional<Target> target = Optional.ofNullable(targets.get(id)).or(() -> choose(context, run));
      target.ifPresent(chosen -> targets.put(id, chosen));
      if (target.isPresent() && !context.now().isBefore(target.get().start())) {
        due.add(new Due(run, target.get().region()));
      }
    }
    LeastSlackDispatcher.dispatch(context, due, run -> resumeWanted(context, run));
  }
}
