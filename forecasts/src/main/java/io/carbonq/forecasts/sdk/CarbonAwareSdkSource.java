package io.carbonq.forecasts.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.http.HttpStatusException;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.http.PointSeries;
import io.carbonq.forecasts.http.ProviderNames;
import io.carbonq.forecasts.http.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * A self-hosted Green Software Foundation Carbon Aware SDK WebApi. It names places by its own
 * location names (usually Azure regions such as {@code eastus}), so each grid zone is mapped to
 * one. Forecasts from {@code /emissions/forecasts/current}, actuals from {@code
 * /emissions/bylocation}; values are g/kWh already. The signal depends on the data source the SDK
 * is configured with (marginal for WattTime, the SDK's default).
 */
public final class CarbonAwareSdkSource implements ForecastSource {
  public static final String ID = "carbon-aware-sdk";
  public static final String DEFAULT_ENDPOINT = "http://localhost:8080";
  public static final Duration CADENCE = Duration.ofMinutes(5);

  private final JsonHttp http;
  private final ProviderNames locations;
  private final SignalKind signal;

  public CarbonAwareSdkSource(
      JsonHttp http, Map<String, String> locationByZone, SignalKind signal) {
    this.http = http;
    // An unmapped name in the SDK's own style (eastus, westeurope) is taken as a location.
    this.locations = new ProviderNames(ID, locationByZone, "[a-z][a-z0-9]*");
    this.signal = signal;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Duration refreshInterval() {
    return CADENCE;
  }

  @Override
  public Set<String> zones() {
    return locations.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    HttpUrl url =
        http.url("emissions/forecasts/current")
            .addQueryParameter("location", location(zone))
            .build();
    JsonNode body = call(url, zone);
    if (!body.isArray() || body.isEmpty()) {
      throw new ForecastException("source '" + ID + "' returned no forecast for " + zone);
    }
    PointSeries series = new PointSeries(ID, zone);
    JsonNode points = body.get(0).path("forecastData");
    Duration step = addPoints(series, points, "timestamp", "value");
    return series.build(step, null, null, signal, DataKind.FORECAST, ID);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    HttpUrl url =
        http.url("emissions/bylocation")
            .addQueryParameter("location", location(zone))
            .addQueryParameter("time", from.toString())
            .addQueryParameter("toTime", to.toString())
            .build();
    JsonNode body = call(url, zone);
    PointSeries series = new PointSeries(ID, zone);
    Duration step = addPoints(series, body, "time", "rating");
    return series.build(step, from, to, signal, DataKind.ACTUAL, ID);
  }

  private String location(String zone) {
    return locations.of(zone);
  }

  private JsonNode call(HttpUrl url, String zone) {
    try {
      return http.get(url, Headers.of("Accept", "application/json"));
    } catch (HttpStatusException e) {
      if (e.status() == 400 || e.status() == 404) {
        throw new ForecastException(
            "source '"
                + ID
                + "' refused location '"
                + location(zone)
                + "' for zone "
                + zone
                + " ("
                + e.detail()
                + "); check the zone's location in the source's zones map",
            e);
      }
      throw e;
    }
  }

  /** Adds the points and returns their step. */
  private static Duration addPoints(
      PointSeries series, JsonNode points, String timeField, String valueField) {
    if (!points.isArray()) {
      throw new ForecastException("source '" + ID + "': answer is not a list of points");
    }
    long durationMinutes = 0;
    for (JsonNode point : points) {
      Instant time =
          Timestamps.parse(point.path(timeField).asText(null), ZoneOffset.UTC, ID, timeField);
      JsonNode value = point.get(valueField);
      series.add(time, value == null || !value.isNumber() ? Double.NaN : value.asDouble());
      durationMinutes = Math.max(durationMinutes, point.path("duration").asLong(0));
    }
    // Points are spaced by the data source's resolution; duration is the window they average
    // over. With too few points to show the spacing, the window is the better guess.
    Duration spacing = series.commonStep(Duration.ofMinutes(5));
    Duration window = Duration.ofMinutes(durationMinutes);
    return durationMinutes > 0 && window.compareTo(spacing) < 0 ? window : spacing;
  }
}
