package io.carbonq.forecasts.watttime;

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
import io.carbonq.forecasts.http.ProviderNames;
import io.carbonq.forecasts.http.Secret;
import io.carbonq.forecasts.http.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * WattTime API v3: 5-minute marginal ({@code co2_moer}) or average ({@code co2_aoer}) emission
 * rates per balancing authority. It logs in with basic auth for a bearer token, keeps the token
 * until shortly before its 30 minutes run out and logs in again when a call is refused with 401.
 * Values arrive in lbs CO2/MWh and are converted to g/kWh here, once.
 */
public final class WattTimeSource implements ForecastSource {
  public static final String ID = "watttime";
  public static final String DEFAULT_ENDPOINT = "https://api.watttime.org";

  /** WattTime issues a new forecast every five minutes. */
  public static final Duration CADENCE = Duration.ofMinutes(5);

  /** 1 lb/MWh in g/kWh: 453.59237 g per lb over 1,000 kWh per MWh. */
  public static final double GRAMS_PER_KWH_PER_LB_PER_MWH = 0.45359237;

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);
  private static final Duration MAX_RANGE = Duration.ofDays(30);

  private final JsonHttp http;
  private final Secret username;
  private final Secret password;
  private final ProviderNames regions;
  private final SignalKind signal;
  private final Clock clock;
  private String token;
  private Instant tokenExpires = Instant.MIN;

  /**
   * @param regionByZone grid zone to WattTime region, e.g. {@code US-CAL-CISO → CAISO_NORTH}; a
   *     WattTime region name is accepted as a zone too
   * @param signal {@link SignalKind#MARGINAL} for {@code co2_moer}, AVERAGE for {@code co2_aoer}
   */
  public WattTimeSource(
      JsonHttp http,
      Secret username,
      Secret password,
      Map<String, String> regionByZone,
      SignalKind signal,
      Clock clock) {
    this.http = http;
    this.username = username;
    this.password = password;
    // An unmapped name in WattTime's own style (CAISO_NORTH, PSCO) is taken as a region.
    this.regions = new ProviderNames(ID, regionByZone, "[A-Z][A-Z0-9_]*");
    this.signal = signal;
    this.clock = clock;
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
    return regions.zones();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    long hours = Math.max(1, Math.min(72, (horizon.toMinutes() + 59) / 60));
    HttpUrl url =
        http.url("v3/forecast")
            .addQueryParameter("region", region(zone))
            .addQueryParameter("signal_type", signalType())
            .addQueryParameter("horizon_hours", Long.toString(hours))
            .build();
    JsonNode body = authorised(url, zone);
    return series(zone, body, body.path("data"), null, null, DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    PointSeries all = new PointSeries(ID, zone);
    JsonNode last = null;
    for (Instant chunk = from; chunk.isBefore(to); chunk = chunk.plus(MAX_RANGE)) {
      Instant end = chunk.plus(MAX_RANGE).isBefore(to) ? chunk.plus(MAX_RANGE) : to;
      HttpUrl url =
          http.url("v3/historical")
              .addQueryParameter("region", region(zone))
              .addQueryParameter("start", chunk.toString())
              .addQueryParameter("end", end.toString())
              .addQueryParameter("signal_type", signalType())
              .build();
      last = authorised(url, zone);
      addPoints(all, last, last.path("data"));
    }
    if (last == null) {
      throw new ForecastException("source '" + ID + "': empty range " + from + " to " + to);
    }
    return all.build(step(last, all), from, to, signal, DataKind.ACTUAL, ID);
  }

  /** The WattTime region serving a location, from {@code region-from-loc}. */
  public String regionAt(double latitude, double longitude) {
    HttpUrl url =
        http.url("v3/region-from-loc")
            .addQueryParameter("latitude", Double.toString(latitude))
            .addQueryParameter("longitude", Double.toString(longitude))
            .addQueryParameter("signal_type", signalType())
            .build();
    try {
      return withToken(() -> http.get(url, bearer())).path("region").asText();
    } catch (HttpStatusException e) {
      if (e.status() == 404) {
        throw new ForecastException(
            "source '" + ID + "' covers no region at " + latitude + ", " + longitude, e);
      }
      throw e;
    }
  }

  private String region(String zone) {
    return regions.of(zone);
  }

  private String signalType() {
    return signal == SignalKind.MARGINAL ? "co2_moer" : "co2_aoer";
  }

  private JsonNode authorised(HttpUrl url, String zone) {
    try {
      return withToken(() -> http.get(url, bearer()));
    } catch (HttpStatusException e) {
      if (e.status() == 403) {
        throw new ForecastException(
            "source '"
                + ID
                + "' has no access to region "
                + region(zone)
                + " for "
                + signalType()
                + " ("
                + e.detail()
                + "); check your WattTime plan or map zone "
                + zone
                + " to another region",
            e);
      }
      if (e.status() == 404) {
        throw new UnknownZoneException(ID, zone, zones());
      }
      throw e;
    }
  }

  /** Runs {@code call} with a valid token, logging in again once if it is refused with 401. */
  private JsonNode withToken(Supplier<JsonNode> call) {
    try {
      return call.get();
    } catch (HttpStatusException e) {
      if (e.status() != 401) {
        throw e;
      }
      synchronized (this) {
        tokenExpires = Instant.MIN;
      }
      try {
        return call.get();
      } catch (HttpStatusException again) {
        if (again.status() != 401) {
          throw again;
        }
        throw new ForecastException(
            "source '"
                + ID
                + "' refused a fresh token (HTTP 401); check the account of "
                + username.origin(),
            again);
      }
    }
  }

  private Headers bearer() {
    return Headers.of("Authorization", "Bearer " + token(), "Accept", "application/json");
  }

  private synchronized String token() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(tokenExpires)) {
      String basic =
          Credentials.basic(username.reveal(), password.reveal(), StandardCharsets.UTF_8);
      JsonNode body;
      try {
        body = http.get(http.url("login").build(), Headers.of("Authorization", basic));
      } catch (HttpStatusException e) {
        if (e.isAuthFailure()) {
          throw new ForecastException(
              "source '"
                  + ID
                  + "' refused the login (HTTP "
                  + e.status()
                  + "); check the user name from "
                  + username.origin()
                  + " and the password from "
                  + password.origin(),
              e);
        }
        throw e;
      }
      String fresh = body.path("token").asText("");
      if (fresh.isEmpty()) {
        throw new ForecastException("source '" + ID + "': login answer holds no token");
      }
      token = fresh;
      tokenExpires = now.plus(TOKEN_LIFETIME).minus(TOKEN_MARGIN);
    }
    return token;
  }

  private IntensitySeries series(
      String zone, JsonNode body, JsonNode points, Instant from, Instant to, DataKind kind) {
    PointSeries series = new PointSeries(ID, zone);
    addPoints(series, body, points);
    return series.build(step(body, series), from, to, signal, kind, ID);
  }

  private static void addPoints(PointSeries series, JsonNode body, JsonNode points) {
    if (!points.isArray()) {
      throw new ForecastException("source '" + ID + "': answer has no 'data' list");
    }
    double factor = toGramsPerKwh(body.path("meta").path("units").asText(""));
    for (JsonNode point : points) {
      Instant time =
          Timestamps.parse(point.path("point_time").asText(null), ZoneOffset.UTC, ID, "point_time");
      JsonNode value = point.get("value");
      series.add(time, value == null || !value.isNumber() ? Double.NaN : value.asDouble() * factor);
    }
  }

  private static double toGramsPerKwh(String units) {
    return switch (units) {
      case "lbs_co2_per_mwh", "" -> GRAMS_PER_KWH_PER_LB_PER_MWH;
      case "g_co2_per_kwh", "kg_co2_per_mwh" -> 1.0;
      default ->
          throw new ForecastException(
              "source '" + ID + "' sent values in '" + units + "', which carbonq cannot convert");
    };
  }

  private static Duration step(JsonNode body, PointSeries series) {
    long seconds = body.path("meta").path("data_point_period_seconds").asLong(0);
    return seconds > 0 ? Duration.ofSeconds(seconds) : series.commonStep(CADENCE);
  }
}
