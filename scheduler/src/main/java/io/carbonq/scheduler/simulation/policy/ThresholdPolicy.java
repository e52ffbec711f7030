package io.carbonq.scheduler.simulation.policy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * B1: run while the home zone's intensity is at most the p-th percentile of its trailing 24 hours,
 * else wait (or pause an interruptible workload); run regardless once waiting longer would miss the
 * deadline.
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
    for (JobRun run : context.waiting()) {
      int home = Windows.home(context, run.workload());
      if (clean(context, home) || !context.now().isBefore(run.workload().latestStart())) {
        context.start(run, home);
      }
    }
    for (JobRun run : context.active()) {
      if (!run.workload().interruptible()) {
        continue;
      }
      Windows.runWhen(context, run, Windows.mustRun(context, run) || clean(context, run.region()));
    }
  }

  private boolean clean(StepContext context, int region) {
    IntensitySeries actual = context.scenario().actual(region);
    Instant now = context.now();
    int hours = 24;
    double[] trailing = new double[hours];
    int count = 0;
    for (int h = 1; h <= hours; h++) {
      double value = actual.gramsPerKwhAt(now.minus(Duration.ofHours(h)));
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
