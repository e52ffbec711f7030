package io.carbonq.scheduler.simulation.parity;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.planning.Placed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ML-job experiment of "Let's Wait Awhile": each job may finish as late as the next workday
 * 09:00 after it would have finished (see {@link MlJobs#nextWorkdayDeadline}), perfect forecast,
 * baseline starting at submission. Non-interrupting jobs take the window carbonq's planner chooses;
 * interrupting ones run in the cheapest half hours of their window. As in the published code, the
 * window's end point is itself a candidate half hour.
 */
public final class MlParity {
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  /** One zone and mode: the mean reduction over {@code jobSets} drawn job sets, in percent. */
  public record Result(
      String zone, boolean interrupting, double reductionPct, double minPct, double maxPct) {}

  private MlParity() {}

  public static List<Result> run(IntensitySeries halfHourlyPoints, int jobSets) {
    SingleJobPlanner planner = new SingleJobPlanner(halfHourlyPoints);
    double[][] reductions = new double[2][jobSets];
    for (int set = 0; set < jobSets; set++) {
      double baseline = 0;
      double contiguous = 0;
      double interrupted = 0;
      for (MlJob job : MlJobs.draw(set)) {
        Instant deadline =
            MlJobs.nextWorkdayDeadline(job.submitted().plus(job.duration())).plus(HALF_HOUR);
        Placed placed = planner.place("ml-" + job.id(), job.submitted(), job.duration(), deadline);
        baseline += planner.kgAt(job.submitted(), job.duration());
        contiguous += placed.expectedKgCo2e().orElseThrow();
        interrupted +=
            cheapestHalfHoursKg(halfHourlyPoints, job.submitted(), deadline, job.duration());
      }
      reductions[0][set] = 100 * (1 - contiguous / baseline);
      reductions[1][set] = 100 * (1 - interrupted / baseline);
    }
    List<Result> results = new ArrayList<>();
    for (int mode = 0; mode < 2; mode++) {
      double[] values = reductions[mode];
      results.add(
          new Result(
              halfHourlyPoints.zone(),
              mode == 1,
              Arrays.stream(values).average().orElseThrow(),
              Arrays.stream(values).min().orElseThrow(),
              Arrays.stream(values).max().orElseThrow()));
    }
    return results;
  }

  /** Wait-AWhile for an interruptible job: the cheapest half hours in {@code [from, until)}. */
  static double cheapestHalfHoursKg(
      IntensitySeries series, Instant from, Instant until, Duration work) {
    int slots = (int) Duration.between(from, until).dividedBy(HALF_HOUR);
    double[] values = new double[slots];
    for (int i = 0; i < slots; i++) {
      values[i] = series.gramsPerKwhAt(from.plus(HALF_HOUR.multipliedBy(i)));
    }
    Arrays.sort(values);
    int needed = (int) work.dividedBy(HALF_HOUR);
    double grams = 0;
    for (int i = 0; i < needed; i++) {
      grams += values[i];
    }
    return grams * 0.5 / 1000;
  }
}
