package io.carbonq.forecasts.electricitymaps;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import io.carbonq.forecasts.http.HttpStatusException;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.http.PointSeries;
import io.carbonq.forecasts.http.Secret;
import io.carbonq.forecasts.http.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Electricity Maps API v3: hourly life-cycle average intensity. Forecasts from {@code
 * carbon-intensity/forecast} (a paid plan; 24–72 h), actuals from {@code past-range} in 10-day
 * requests, the zone list from {@code zones}. The token goes in the {@code auth-token} header.
 */
public final class ElectricityMapsSource implements ForecastSource {
  public static final String ID = "electricitymaps";
  public static final String DEFAULT_ENDPOINT = "https://api.electricitymap.org/v3";

  /** Hourly data changes once an hour. */
  public static final Duration CADENCE = Duration.ofHours(1);

  private static final Duration STEP = Duration.ofHours(1);
  private static final Duration MAX_RANGE = Duration.ofDays(10);

  private final JsonHttp http;
  private final Secret token;
  private final Set<String> configuredZones;
  private volatile Set<String> discoveredZones;

  /**
   * @param zones the zones to answer for; empty to ask the API's zone list once
   */
  public ElectricityMapsSource(JsonHttp http, Secret token, Set<String> zones) {
    this.http = http;
    this.token = token;
    this.configuredZones = Set.copyOf(zones);
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
    if (!configuredZones.isEmpty()) {
      return configuredZones;
    }
    Set<String> zones = discoveredZones;
    if (zones == null) {
      JsonNode body = http.get(http.url("zones").build(), headers());
      if (!body.isObject()) {
        throw new ForecastException("source '" + ID + "': zones answer is not a JSON object");
      }
      zones = new TreeSet<>();
      for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
        zones.add(names.next());
      }
      discoveredZones = Set.copyOf(zones);
    }
    return zones;
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    HttpUrl url = http.url("carbon-intensity/forecast").addQueryParameter("zone", zone).build();
    JsonNode points = call(url, zone).path("forecast");
    return series(zone, points, "forecast", null, null, DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    PointSeries all = new PointSeries(ID, zone);
    for (Instant chunk = from; chunk.isBefore(to); chunk = chunk.plus(MAX_RANGE)) {
      Instant end = chunk.plus(MAX_RANGE).isBefore(to) ? chunk.plus(MAX_RANGE) : to;
      HttpUrl url =
          http.url("carbon-intensity/past-range")
              .addQueryParameter("zone", zone)
              .addQueryParameter("start", chunk.toString())
              .addQueryParameter("end", end.toString())
              .build();
      addPoints(all, call(url, zone).path("data"), "data");
    }
    return all.build(STEP, from, to, SignalKind.AVERAGE, DataKind.ACTUAL, ID);
  }

  private JsonNode call(HttpUrl url, String zone) {
    try {
      return http.get(url, headers());
    } catch (HttpStatusException e) {
      if (e.status() == 404) {
        Set<String> known = discoveredZones == null ? configuredZones : discoveredZones;
        throw new UnknownZoneException(ID, zone, known);
      }
      if (e.isAuthFailure()) {
        throw new ForecastException(
            "source '"
                + ID
                + "' refused the token from "
                + token.origin()
                + " (HTTP "
                + e.status()
                + (e.detail().isEmpty() ? "" : ": " + e.detail())
                + "); check the token and that your plan covers zone "
                + zone
                + " and this endpoint",
            e);
      }
      throw e;
    }
  }

  private IntensitySeries series(
      String zone, JsonNode points, String field, Instant from, Instant to, DataKind kind) {
    PointSeries series = new PointSeries(ID, zone);
    addPoints(series, points, field);
    return series.build(STEP, from, to, SignalKind.AVERAGE, kind, ID);
  }

  private static void addPoints(PointSeries series, JsonNode points, String field) {
    if (!points.isArray()) {
      throw new ForecastException("source '" + ID + "': answer has no '" + field + "' list");
    }
    for (JsonNode point : points) {
      Instant time =
          Timestamps.parse(point.path("datetime").asText(null), ZoneOffset.UTC, ID, "datetime");
      JsonNode value = point.get("carbonIntensity");
      series.add(time, value == null || !value.isNumber() ? Double.NaN : value.asDouble());
    }
  }

  private Headers headers() {
    return Headers.of("auth-token", token.reveal(), "Accept", "application/json");
  }
}
