package io.carbonq.forecasts.accuracy;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.chain.ForecastCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares issued forecasts with what was measured for the same periods: MAPE and bias per source,
 * zone and lead-time band. Forecast error grows with lead time, so one number per source would hide
 * what the planner needs to know.
 */
public final class ForecastAccuracy {
  /** Upper edges of the lead-time bands, in hours; the last band is open. */
  private static final int[] BAND_EDGES_HOURS = {6, 12, 24, 48};

  private ForecastAccuracy() {}

  /**
   * @param forecasts issued forecasts with the time each was fetched
   * @param actualsByZone what was measured, per zone
   */
  public static List<AccuracyRow> measure(
      List<ForecastCache.Entry> forecasts, Map<String, IntensitySeries> actualsByZone) {
    Map<String, Accumulator> byKey = new TreeMap<>();
    for (ForecastCache.Entry entry : forecasts) {
      IntensitySeries forecast = entry.series();
      IntensitySeries actuals = actualsByZone.get(forecast.zone());
      if (actuals == null) {
        continue;
      }
      for (int i = 0; i < forecast.size(); i++) {
        Instant from = forecast.timeOf(i);
        Instant to = from.plus(forecast.step());
        double predicted = forecast.gramsPerKwh(i);
        double measured = actuals.meanGramsPerKwh(from, to);
        if (!to.isAfter(entry.fetchedAt())
            || Double.isNaN(predicted)
            || Double.isNaN(measured)
            || measured <= 0) {
          continue;
        }
        Duration lead = Duration.between(entry.fetchedAt(), from);
        String band = band(lead.isNegative() ? Duration.ZERO : lead);
        String key =
            String.join(
                "\u0000", entry.sourceId(), forecast.zone(), "%03d".formatted(bandOrder(band)));
        byKey
            .computeIfAbsent(key, k -> new Accumulator(entry.sourceId(), forecast.zone(), band))
            .add(predicted, measured);
      }
    }
    List<AccuracyRow> rows = new ArrayList<>();
    byKey.values().forEach(accumulator -> rows.add(accumulator.row()));
    return rows;
  }

  static String band(Duration lead) {
    int lower = 0;
    for (int edge : BAND_EDGES_HOURS) {
      if (lead.compareTo(Duration.ofHours(edge)) < 0) {
        return lower + "-" + edge + "h";
      }
      lower = edge;
    }
    return lower + "h+";
  }

  private static int bandOrder(String band) {
    return Integer.parseInt(band.replaceAll("[^0-9].*", ""));
  }

  private static final class Accumulator {
    final String source;
    final String zone;
    final String band;
    int points;
    double absolutePercent;
    double difference;

    Accumulator(String source, String zone, String band) {
      this.source = source;
      this.zone = zone;
      this.band = band;
    }

    void add(double predicted, double measured) {
      points++;
      absolutePercent += Math.abs(predicted - measured) / measured * 100;
      difference += predicted - measured;
    }

    AccuracyRow row() {
      return new AccuracyRow(
          source, zone, band, points, absolutePercent / points, difference / points);
    }
  }
}
