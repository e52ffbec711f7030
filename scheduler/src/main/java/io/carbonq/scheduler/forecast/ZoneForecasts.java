package io.carbonq.scheduler.forecast;

import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The forecasts a planning pass needs, one per zone, fetched at one moment. A zone whose sources
 * all fail is recorded as missing instead of failing the pass: the planner then fails open for it.
 */
public record ZoneForecasts(Map<String, IntensitySeries> byZone, Map<String, String> missing) {

  public ZoneForecasts {
    byZone = Map.copyOf(byZone);
    missing = Map.copyOf(missing);
  }

  public static ZoneForecasts fetch(
      ForecastSource source, Collection<String> zones, Instant issuedAt, Duration horizon) {
    Map<String, IntensitySeries> byZone = new TreeMap<>();
    Map<String, String> missing = new TreeMap<>();
    for (String zone : zones) {
      try {
        byZone.put(zone, source.forecast(zone, issuedAt, horizon));
      } catch (ForecastException e) {
        missing.put(zone, e.getMessage());
      }
    }
    return new ZoneForecasts(byZone, missing);
  }
}
