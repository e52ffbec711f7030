package io.carbonq.forecasts.energidata;

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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Energi Data Service (Energinet, Denmark), no key: 5-minute average intensity of consumed
 * electricity for the two Danish price areas, the prognosis {@code CO2EmisProg} as forecast and
 * {@code CO2Emis} as actuals. Zones are the Electricity Maps names {@code DK-DK1} and {@code
 * DK-DK2}.
 */
public final class EnergiDataServiceSource implements ForecastSource {
  public static final String ID = "energi-data-service";
  public static final String DEFAULT_ENDPOINT = "https://api.energidataservice.dk";
  public static final Duration CADENCE = Duration.ofMinutes(15);

  private static final Duration STEP = Duration.ofMinutes(5);
  private static final Map<String, String> PRICE_AREAS = Map.of("DK-DK1", "DK1", "DK-DK2", "DK2");
  // The API reads start and end in Danish local time; an hour of slack each side covers a DST
  // shift, and the UTC column then cuts the exact window.
  private static final ZoneId DANISH = ZoneId.of("Europe/Copenhagen");
  private static final DateTimeFormatter LOCAL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(DANISH);

  private final JsonHttp http;

  public EnergiDataServiceSource(JsonHttp http) {
    this.http = http;
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
    return PRICE_AREAS.keySet();
  }

  @Override
  public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
    Instant from = issuedAt.minusSeconds(issuedAt.getEpochSecond() % STEP.toSeconds());
    return fetch("CO2EmisProg", zone, from, issuedAt.plus(horizon), DataKind.FORECAST);
  }

  @Override
  public IntensitySeries actuals(String zone, Instant from, Instant to) {
    return fetch("CO2Emis", zone, from, to, DataKind.ACTUAL);
  }

  private IntensitySeries fetch(
      String dataset, String zone, Instant from, Instant to, DataKind kind) {
    String area = PRICE_AREAS.get(zone);
    if (area == null) {
      throw new UnknownZoneException(ID, zone, zones());
    }
    HttpUrl url =
        http.url("dataset/" + dataset)
            .addQueryParameter("start", LOCAL_MINUTE.format(from.minus(Duration.ofHours(1))))
            .addQueryParameter("end", LOCAL_MINUTE.format(to.plus(Duration.ofHours(1))))
            .addQueryParameter("filter", "{\"PriceArea\":[\"" + area + "\"]}")
            .addQueryParameter("sort", "Minutes5UTC ASC")
            .addQueryParameter("limit", "0")
            .build();
    JsonNode records;
    try {
      records = http.get(url, Headers.of("Accept", "application/json")).path("records");
    } catch (HttpStatusException e) {
      if (e.status() == 404) {
        throw new ForecastException(
            "source '" + ID + "' found no dataset " + dataset + " for zone " + zone + " (HTTP 404)",
            e);
      }
      throw e;
    }
    if (!records.isArray()) {
      throw new ForecastException("source '" + ID + "': answer has no 'records' list");
    }
    PointSeries series = new PointSeries(ID, zone);
    for (JsonNode record : records) {
      if (!area.equals(record.path("PriceArea").asText())) {
        continue;
      }
      Instant start =
          Timestamps.parse(
              record.path("Minutes5UTC").asText(null), ZoneOffset.UTC, ID, "Minutes5UTC");
      JsonNode value = record.get("CO2Emission");
      series.add(start, value == null || !value.isNumber() ? Double.NaN : value.asDouble());
    }
    return series.build(STEP, from, to, SignalKind.AVERAGE, kind, ID);
  }
}
