package io.carbonq.scheduler.simulation.parity;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.planning.Placed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The nightly-job experiment of "Let's Wait Awhile": a 30-minute job due at 01:00 UTC every day of
 * 2020 may move to any half-hour point within ±w hours; perfect forecast. The reduction is 1 − Σ
 * chosen / Σ at 01:00. carbonq's planner chooses the point.
 */
public final class NightlyParity {
  public static final List<Integer> WINDOW_HOURS = List.of(1, 2, 4, 6, 8);
  private static final Duration JOB = Duration.ofMinutes(30);

  /** One zone and window: the average reduction over the year, in percent. */
  public record Result(String zone, int windowHours, double reductionPct) {}

  private NightlyParity() {}

  public static List<Result> run(IntensitySeries halfHourlyPoints) {
    SingleJobPlanner planner = new SingleJobPlanner(halfHourlyPoints);
    List<Result> results = new ArrayList<>();
    for (int window : WINDOW_HOURS) {
      double nominal = 0;
      double chosen = 0;
      for (LocalDate day = LocalDate.of(2020, 1, 1); day.getYear() == 2020; day = day.plusDays(1)) {
        Instant due = day.atTime(1, 0).toInstant(ZoneOffset.UTC);
        Instant earliest = due.minus(Duration.ofHours(window));
        Instant deadline = due.plus(Duration.ofHours(window)).plus(JOB);
        Placed placed = planner.place("nightly", earliest, JOB, deadline);
        nominal += planner.kgAt(due, JOB);
        chosen += placed.expectedKgCo2e().orElseThrow();
      }
      results.add(new Result(halfHourlyPoints.zone(), window, 100 * (1 - chosen / nominal)));
    }
    return results;
  }
}
