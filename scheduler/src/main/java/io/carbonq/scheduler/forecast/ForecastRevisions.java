package io.carbonq.scheduler.forecast;

import io.carbonq.forecasts.api.IntensitySeries;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each zone's forecast moves from one issue to the next: the root mean square of the change
 * over the periods two successive issues both cover, averaged over about the last day of issues. A
 * planner that pauses work for a dip smaller than this is chasing what the next issue may take
 * back. Learned only from the forecasts seen, so it needs no error model and no actuals; an issue
 * that changes nothing (the same issue fetched again) is not counted. Thread-safe.
 */
public final class ForecastRevisions {
  /** Weight of the newest issue: about a day of hourly issues. */
  private static final double NEWEST_WEIGHT = 1.0 / 24;

  private final Map<String, IntensitySeries> lastIssue = new HashMap<>();
  private final Map<String, Double> meanSquare = new HashMap<>();

  /** Takes the latest issue of a zone's forecast into account. */
  public synchronized void observe(IntensitySeries issue) {
    IntensitySeries previous = lastIssue.put(issue.zone(), issue);
    if (previous == null) {
      return;
    }
    double sum = 0;
    int compared = 0;
    for (int i = 0; i < issue.size(); i++) {
      double now = issue.gramsPerKwh(i);
      double before = previous.meanGramsPerKwh(issue.timeOf(i), issue.timeOf(i).plus(issue.step()));
      if (Double.isNaN(now) || Double.isNaN(before)) {
        continue;
      }
      sum += (now - before) * (now - before);
      compared++;
    }
    if (compared == 0 || sum == 0) {
      return;
    }
    double square = sum / compared;
    meanSquare.merge(issue.zone(), square, (old, latest) -> old + NEWEST_WEIGHT * (latest - old));
  }

  /** Zone → the typical revision in gCO2e/kWh; zones whose forecasts never moved are absent. */
  public synchronized Map<String, Double> byZone() {
    Map<String, Double> grams = new HashMap<>();
    meanSquare.forEach((zone, square) -> grams.put(zone, Math.sqrt(square)));
    return Map.copyOf(grams);
  }
}
