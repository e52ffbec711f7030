package io.carbonq.scheduler.simulation.policy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * B3, Wait-AWhile: an interruptible workload runs in the lowest-forecast steps before its deadline
 * that add up to its work, in its home region, pausing in between; it runs regardless once the time
 * left only just covers the work left. Non-interruptible workloads take B2's window. Starts and
 * resumes go through the {@link LeastSlackDispatcher}.
 */
public final class WaitAwhilePolicy extends PlannedStartPolicy {
  private final Map<String, Set<Instant>> chosenSteps = new HashMap<>();

  @Override
  public String id() {
    return "B3";
  }

  @Override
  Optional<Target> choose(StepContext context, JobRun run) {
    int home = Windows.home(context, run.workload());
    if (!run.workload().interruptible()) {
      return Optional.of(new Target(home, Windows.bestStart(context, run.workload(), home)));
    }
    Set<Instant> steps = cheapestSteps(context, run, home);
    chosenSteps.put(run.workload().id(), steps);
    Instant first = steps.stream().min(Instant::compareTo).orElse(context.now());
    return Optional.of(new Target(home, first));
  }

  /**
   * Pauses the runs outside their chosen steps first, so that what starts or resumes now finds the
   * GPUs they free.
   */
  @Override
  public void decide(StepContext context) {
    for (JobRun run : context.active()) {
      if (run.running()
          && chosenSteps.containsKey(run.workload().id())
          && !resumeWanted(context, run)
          && !Windows.mustRun(context, run)) {
        context.pause(run);
      }
    }
    super.decide(context);
  }

  @Override
  boolean resumeWanted(StepContext context, JobRun run) {
    Set<Instant> steps = chosenSteps.get(run.workload().id());
    return steps == null || steps.contains(context.now());
  }

  private static Set<Instant> cheapestSteps(StepContext context, JobRun run, int region) {
    IntensitySeries forecast = context.forecast(region);
    long stepSeconds = context.step().getSeconds();
    List<Instant> candidates = new ArrayList<>();
    for (Instant t = context.now();
        t.plus(context.step()).compareTo(run.workload().deadline()) <= 0;
        t = t.plus(context.step())) {
      if (Double.isNaN(forecast.gramsPerKwhAt(t))) {
        break;
      }
      candidates.add(t);
    }
    candidates.sort(
        (a, b) -> {
          int byValue = Double.compare(forecast.gramsPerKwhAt(a), forecast.gramsPerKwhAt(b));
          return byValue != 0 ? byValue : a.compareTo(b);
        });
    long needed = (run.workload().duration().getSeconds() + stepSeconds - 1) / stepSeconds;
    return new HashSet<>(candidates.subList(0, (int) Math.min(needed, candidates.size())));
  }
}
