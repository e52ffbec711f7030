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
 * baseline starting at submission. carbonq's planner places every job: non-interrupting ones in one
 * window, interrupting ones in the pieces it chooses, a resume costing nothing as in the paper;
 * beside them, the published method for interrupting jobs (the cheapest half hours, summed). As in
 * the published code, the window's end point is itself a candidate half hour.
 */
public final class MlParity {
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  /** How the jobs run. */
  public enum Mode {
    /** One window each, as carbonq's planner chooses it. */
    NON_INTERRUPTING("non-interrupting"),
    /** In the pieces carbonq's planner chooses. */
    INTERRUPTING("interrupting"),
    /**
     * The published method itself: the cheapest half hours of each window, summed directly. The
     * planner falls short of it by design: its pieces end a step before the deadline, and it splits
     * only when that saves 1 % over the best single window.
     */
    CHEAPEST_HALF_HOURS("interrupting, method");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One zone and mode: the mean reduction over {@code jobSets} drawn job sets, in percent. */
  public record Result(String zone, Mode mode, double reductionPct, double minPct, double maxPct) {
    public boolean interrupting() {
      return mode != Mode.NON_INTERRUPTING;
    }
  }

  private MlParity() {}

  public static List<Result> run(IntensitySeries halfHourlyPoints, int jobSets) {
    SingleJobPlanner planner = new SingleJobPlanner(halfHourlyPoints);
    Mode[] modes = Mode.values();
    double[][] reductions = new double[modes.length][jobSets];
    for (int set = 0; set < jobSets; set++) {
      double baseline = 0;
      double contiguous = 0;
      double interrupted = 0;
      double cheapest = 0;
      for (MlJob job : MlJobs.draw(set)) {
        Instant deadline =
            MlJobs.nextWorkdayDeadline(job.submitted().plus(job.duration())).plus(HALF_HOUR);
        Placed placed = planner.place("ml-" + job.id(), job.submitted(), job.duration(), deadline);
        baseline += planner.kgAt(job.submitted(), job.duration());
        contiguous += placed.expectedKgCo2e().orElseThrow();
        interrupted +=
            planner
                .place("ml-" + job.id(), job.submitted(), job.duration(), deadline, true)
                .expectedKgCo2e()
                .orElseThrow();
        cheapest +=
            cheapestHalfHoursKg(halfHourlyPoints, job.submitted(), deadline, job.duration());
      }
      reductions[0][set] = 100 * (1 - contiguous / baseline);
      reductions[1][set] = 100 * (1 - interrupted / baseline);
      reductions[2][set] = 100 * (1 - cheapest / baseline);
    }
    List<Result> results = new ArrayList<>();
    for (int mode = 0; mode < modes.length; mode++) {
      double[] values = reductions[mode];
      results.add(
          new Result(
              halfHourlyPoints.zone(),
              modes[mode],
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
