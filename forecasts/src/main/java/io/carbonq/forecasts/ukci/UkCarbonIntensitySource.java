package io.carbonq.forecasts.ukci;

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
import io.carbonq.forecasts.http.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * The UK Carbon Intensity API (NESO), no key: half-hourly average intensity for Great Britain (zone
 * {@code GB}, forecast and actual) and its 17 regions (zones {@code GB-REGION-1} to {@code
 * GB-REGION-17}, forecast only), 48 hours ahead.
 */
public final class UkCarbonIntensitySource implements ForecastSource {
  public static final String ID = "uk-carbon-intensity";
  public static final String DEFAULT_ENDPOINT = "https://api.carbonintensity.org.uk";
  public static final String NATIONAL = "GB";
  public static final String REGION_PREFIX = "GB-REGION-";

  /** Forecasts are revised every half hour. */
  public static final Duration CADENCE = Duration.ofMinutes(30);

  private static final Duration STEP = Duration.ofMinutes(30);
  private static final Duration MAX_RANGE = Duration.ofDays(14);
  private static final DateTimeFormatter PATH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> ZONES = zoneNames();

  private final JsonHttp http;

  public UkCarbonIntensitySource(JsonHttp http) {
    this.http = http;
  }

  private static Set<String> zoneNames() {
    Set<String> zones = new LinkedHashSet<>();
    zones.add(NATIONAL);
    for (int region = 1; region <= 17; region++) {
      zones.add(REGION_PREFIX + region);
    }
    return Set.copyOf(zones);
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
    return ZONES;
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    // The API starts with the period whose end is at or after the given time; one minute past
    // the boundary makes that the period in progress.
    Instant periodStart = issuedAt.truncatedTo(ChronoUnit.MINUTES);
    periodStart = periodStart.minusSeconds(periodStart.getEpochSecond() % STEP.toSeconds());
    String from = PATH_TIME.format(periodStart.plusSeconds(60));
    if (zone.equals(NATIONAL)) {
      JsonNode data = call(http.url("intensity/" + from + "/fw48h").build(), zone).path("data");
      return series(zone, data, "forecast", periodStart, null, DataKind.FORECAST);
    }
    HttpUrl url =
        http.url("regional/intensity/" + from + "/fw48h/regionid/" + regionId(zone)).build();
    JsonNode data = call(url, zone).path("data").path("data");
    return series(zone, data, "forecast", periodStart, null, DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    if (!zone.equals(NATIONAL)) {
      regionId(zone);
      throw new ForecastException(
          "source '" + ID + "' publishes actuals for GB as a whole only, not for " + zone);
    }
    PointSeries all = new PointSeries(ID, zone);
    for (Instant chunk = from; chunk.isBefore(to); chunk = chunk.plus(MAX_RANGE)) {
      Instant end = chunk.plus(MAX_RANGE).isBefore(to) ? chunk.plus(MAX_RANGE) : to;
      String path =
          "intensity/" + PATH_TIME.format(chunk.plusSeconds(60)) + "/" + PATH_TIME.format(end);
      addPoints(all, call(http.url(path).build(), zone).path("data"), "actual");
    }
    return all.build(STEP, from, to, SignalKind.AVERAGE, DataKind.ACTUAL, ID);
  }

  private static int regionId(String zone) {
    if (zone.startsWith(REGION_PREFIX)) {
      try {
        int id = Integer.parseInt(zone.substring(REGION_PREFIX.length()));
        if (id >= 1 && id <= 17) {
          return id;
        }
      } catch (NumberFormatException notANumber) {
        // falls through to the unknown-zone answer
      }
    }
    throw new UnknownZoneException(ID, zone, ZONES);
  }

  private JsonNode call(HttpUrl url, String zone) {
    try {
      return http.get(url, Headers.of("Accept", "application/json"));
    } catch (HttpStatusException e) {
      if (e.status() == 404) {
        throw new UnknownZoneException(ID, zone, ZONES);
      }
      throw e;
    }
  }

  private static IntensitySeries series(
      String zone, JsonNode data, String field, Instant from, Instant to, DataKind kind) {
    PointSeries series = new PointSeries(ID, zone);
    addPoints(series, data, field);
    return series.build(STEP, from, to, SignalKind.AVERAGE, kind, ID);
  }

  private static void addPoints(PointSeries series, JsonNode data, String field) {
    if (!data.isArray()) {
      throw new ForecastException("source '" + ID + "': answer has no 'data' list");
    }
    for (JsonNode period : data) {
      Instant start =
          Timestamps.parse(period.path("from").asText(null), ZoneOffset.UTC, ID, "from");
      JsonNode value = period.path("intensity").get(field);
      series.add(start, value == null || !value.isNumber() ? Double.NaN : value.asDouble());
    }
  }
}
