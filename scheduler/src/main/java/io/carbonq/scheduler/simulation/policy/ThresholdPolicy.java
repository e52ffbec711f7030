package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import io.carbonq.scheduler.simulation.policy.LeastSlackDispatcher.Due;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * B1: run while the home zone's intensity is at most the p-th percentile of its trailing 24 hours,
 * else wait (or pause an interruptible workload); run regardless once waiting longer would miss the
 * deadline. Starts and resumes go through the {@link LeastSlackDispatcher}.
 */
public final class ThresholdPolicy implements Policy {
  private final int percentile;

  public ThresholdPolicy(int percentile) {
    this.percentile = percentile;
  }

  @Override
  public String id() {
    return "B1-p" + percentile;
  }

  @Override
  public void decide(StepContext context) {
    Map<Integer, Boolean> cleanNow = new HashMap<>();
    IntPredicate clean = region -> cleanNow.computeIfAbsent(region, r -> clean(context, r));
    // Pause first, so that what starts or resumes now finds the GPUs the paused work frees.
    for (JobRun run : context.active()) {
      if (run.running()
          && run.workload().interruptible()
          && !clean.test(run.region())
          && !Windows.mustRun(context, run)) {
        context.pause(run);
      }
    }
    List<Due> due = new ArrayList<>();
    for (JobRun run : context.waiting()) {
      int home = Windows.home(context, run.workload());
      if (clean.test(home) || Windows.mustRun(context, run)) {
        due.add(new Due(run, home));
      }
    }
    LeastSlackDispatcher.dispatch(context, due, run -> clean.test(run.region()));
  }

  private boolean clean(StepContext context, int region) {
    Instant now = context.now();
    int hours = 24;
    double[] trailing = new double[hours];
    int count = 0;
    for (int h = 1; h <= hours; h++) {
      double value = context.measured(region, now.minus(Duration.ofHours(h)));
      if (!Double.isNaN(value)) {
        trailing[count++] = value;
      }
    }
    if (count == 0) {
      return true;
    }
    double[] sorted = Arrays.copyOf(trailing, count);
    Arrays.sort(sorted);
    double threshold = sorted[Math.min(count - 1, (int) Math.floor(percentile / 100.0 * count))];
    return context.actualNow(region) <= threshold;
  }
}
