package io.carbonq.scheduler.simulation.policy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Duration;
import java.time.Instant;

/** Start-time searches over a forecast that the baseline policies share. */
final class Windows {
  private Windows() {}

  /**
   * The Carbon Aware SDK's choice: the start from {@code now} to the workload's latest start, on
   * the step grid, with the least forecast mean over the run; the earliest on ties; {@code now}
   * when the forecast covers no whole run.
   */
  static Instant bestStart(StepContext context, Workload workload, int region) {
    IntensitySeries forecast = context.forecast(region);
    Instant best = context.now();
    double bestMean = Double.MAX_VALUE;
    for (Instant start = context.now();
        !start.isAfter(workload.latestStart());
        start = start.plus(context.step())) {
      double mean = forecast.meanGramsPerKwh(start, start.plus(workload.duration()));
      if (Double.isNaN(mean)) {
        break;
      }
      if (mean < bestMean) {
        bestMean = mean;
        best = start;
      }
    }
    return best;
  }

  /**
   * Carbon-Time: the start maximising the forecast saving against now per hour of wait plus run.
   */
  static Instant carbonTimeStart(StepContext context, Workload workload, int region) {
    IntensitySeries forecast = context.forecast(region);
    Duration duration = workload.duration();
    double nowMean = forecast.meanGramsPerKwh(context.now(), context.now().plus(duration));
    Instant best = context.now();
    double bestScore = 0;
    for (Instant start = context.now().plus(context.step());
        !start.isAfter(workload.latestStart());
        start = start.plus(context.step())) {
      double mean = forecast.meanGramsPerKwh(start, start.plus(duration));
      if (Double.isNaN(mean) || Double.isNaN(nowMean)) {
        break;
      }
      double score =
          (nowMean - mean) / Duration.between(context.now(), start.plus(duration)).getSeconds();
      if (score > bestScore) {
        bestScore = score;
        best = start;
      }
    }
    return best;
  }

  /**
   * The region of the workload's allowed ones with the least intensity measured now among those
   * with free GPUs for it; -1 when none has.
   */
  static int greenestRegionWithRoom(StepContext context, Workload workload) {
    int best = -1;
    for (String name : workload.regions()) {
      int region = context.regionIndex(name);
      if (context.freeGpus(region) < workload.gpus()) {
        continue;
      }
      if (best < 0 || context.actualNow(region) < context.actualNow(best)) {
        best = region;
      }
    }
    return best;
  }

  /**
   * How long the workload can still wait and meet its deadline: its latest start minus now, where a
   * started one's latest start is for its remaining work plus the resume overhead (what it would
   * cost to pause it, or what it costs to resume it). Negative once it cannot.
   */
  static Duration slack(StepContext context, JobRun run) {
    Instant latestStart =
        run.started()
            ? run.workload()
                .deadline()
                .minusSeconds(run.remainingSeconds())
                .minus(context.resumeOverhead())
            : run.workload().latestStart();
    return Duration.between(context.now(), latestStart);
  }

  /**
   * Whether a workload must run from this step on to meet its deadline: waiting (or pausing) one
   * step more would miss it.
   */
  static boolean mustRun(StepContext context, JobRun run) {
    return slack(context, run).compareTo(context.step()) < 0;
  }

  /** Every simulated workload has a home: the scenario checks it. */
  static int home(StepContext context, Workload workload) {
    return context.regionIndex(workload.home().orElseThrow());
  }
}
