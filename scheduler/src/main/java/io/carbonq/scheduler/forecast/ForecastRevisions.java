package io.carbonq.scheduler.forecast;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each zone's forecast moves from one issue to the next: the root mean square of the change
 * over the periods two successive issues both cover, averaged over about the last day of hourly
 * issues. A planner that pauses work for a dip smaller than this is chasing what the next issue may
 * take back. Learned only from the forecasts seen, so it needs no error model and no actuals.
 *
 * <p>One issue counts per {@code interval} (the source's refresh interval): a forecast fetched
 * again sooner, or one older than the last counted, is not a new issue, and comparing it would
 * count the drift of lead-dependent errors within the hour, or rounding, as steadiness. Issues from
 * different sources (a fallback answering for the provider) are not compared. Thread-safe.
 */
public final class ForecastRevisions {
  /** Weight of the newest issue: about a day of hourly issues. */
  private static final double NEWEST_WEIGHT = 1.0 / 24;

  /** Changes smaller than this (gCO2e/kWh, root mean square) are rounding, not a revision. */
  private static final double ROUNDING_GRAMS_PER_KWH = 1e-6;

  private record Issue(Instant issuedAt, IntensitySeries series) {}

  private final Duration interval;
  private final Map<String, Issue> lastIssue = new HashMap<>();
  private final Map<String, Double> meanSquare = new HashMap<>();

  /** Counting one issue per {@code interval}. */
  public ForecastRevisions(Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
    this.interval = interval;
  }

  /** Takes the forecast of {@code zone} issued at {@code issuedAt} into account. */
  public synchronized void observe(String zone, IntensitySeries issue, Instant issuedAt) {
    Issue previous = lastIssue.get(zone);
    if (previous != null && issuedAt.isBefore(previous.issuedAt().plus(interval))) {
      return;
    }
    lastIssue.put(zone, new Issue(issuedAt, issue));
    if (previous == null || !previous.series().source().equals(issue.source())) {
      return; // a fallback answering for the provider is not the forecast moving
    }
    double square = meanSquareChange(previous.series(), issue);
    if (Double.isNaN(square)
        || Math.sqrt(square) < ROUNDING_GRAMS_PER_KWH) { // the same issue again: nothing to learn
      return;
    }
    meanSquare.merge(zone, square, (old, latest) -> old + NEWEST_WEIGHT * (latest - old));
  }

  /**
   * Zone → its typical revision, gCO2e/kWh; zones whose forecasts never moved, or were seen once,
   * are absent.
   */
  public synchronized Map<String, Double> gramsPerKwhByZone() {
    Map<String, Double> grams = new HashMap<>();
    meanSquare.forEach((zone, square) -> grams.put(zone, Math.sqrt(square)));
    return Map.copyOf(grams);
  }

  /** The mean square change over the periods both issues cover; NaN when they share none. */
  private static double meanSquareChange(IntensitySeries before, IntensitySeries after) {
    double sum = 0;
    int compared = 0;
    for (int i = 0; i < after.size(); i++) {
      double now = after.gramsPerKwh(i);
      double then = before.meanGramsPerKwh(after.timeOf(i), after.timeOf(i).plus(after.step()));
      if (Double.isNaN(now) || Double.isNaN(then)) {
        continue;
      }
      sum += (now - then) * (now - then);
      compared++;
    }
    return compared == 0 ? Double.NaN : sum / compared;
  }
}
