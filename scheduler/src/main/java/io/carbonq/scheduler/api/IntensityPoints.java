package io.carbonq.scheduler.api;

import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A series as the API answers it: its periods that overlap a span, each a start and a value. */
final class IntensityPoints {
  private IntensityPoints() {}

  /**
   * The periods of {@code series} that overlap {@code [from, until)}, each with its start and its
   * gCO2e/kWh, null where the series has a gap.
   */
  static List<Map<String, Object>> within(IntensitySeries series, Instant from, Instant until) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Instant start = series.timeOf(i);
      if (start.plus(series.step()).isAfter(from) && start.isBefore(until)) {
        double value = series.gramsPerKwh(i);
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("start", start.toString());
        point.put("gramsPerKwh", Double.isNaN(value) ? null : value);
        points.add(point);
      }
    }
    return points;
  }
}
