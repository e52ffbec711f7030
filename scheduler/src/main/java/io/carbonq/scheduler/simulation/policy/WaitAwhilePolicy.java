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
import java.util.Set;

/**
 * B3, Wait-AWhile: an interruptible workload runs in the lowest-forecast steps before its deadline
 * that add up to its work, in its home region, pausing in between; it runs regardless once the time
 * left only just covers the work left. Non-interruptible workloads take B2's window.
 */
public final class WaitAwhilePolicy extends PlannedStartPolicy {
  private final Map<String, Set<Instant>> chosenSteps = new HashMap<>();

  @Override
  public String id() {
    return "B3";
  }

  @Override
  Target choose(StepContext context, JobRun run) {
    int home = Windows.home(context, run.workload());
    if (!run.workload().interruptible()) {
      return new Target(home, Windows.bestStart(context, run.workload(), home));
    }
    Set<Instant> steps = cheapestSteps(context, run, home);
    chosenSteps.put(run.workload().id(), steps);
    Instant first = steps.stream().min(Instant::compareTo).orElse(context.now());
    return new Target(home, first);
  }

  @Override
  public void decide(StepContext context) {
    super.decide(context);
    for (JobRun run : context.active()) {
      Set<Instant> steps = chosenSteps.get(run.workload().id());
      if (steps == null) {
        continue;
      }
      Windows.runWhen(context, run, steps.contains(context.now()) || Windows.mustRun(context, run));
    }
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
