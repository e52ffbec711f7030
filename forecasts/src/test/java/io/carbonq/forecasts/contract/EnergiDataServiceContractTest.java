package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.energidata.EnergiDataServiceSource;
import io.carbonq.forecasts.http.JsonHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergiDataServiceContractTest extends ForecastSourceContract {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ZoneId DANISH = ZoneId.of("Europe/Copenhagen");

  EnergiDataServiceContractTest() {
    super(
        new Facts(
            EnergiDataServiceSource.ID,
            "DK-DK1",
            Duration.ofMinutes(5),
            SignalKind.AVERAGE,
            "/dataset/CO2EmisProg",
            "/dataset/CO2Emis",
            "HTTP 401"));
  }

  @Override
  ForecastSource create(JsonHttp http, Clock clock) {
    return new EnergiDataServiceSource(http);
  }

  /** Oldest first, as carbonq asks, with the other price area mixed in. */
  private static String body(String dataset, List<Point> points) {
    ObjectNode body =
        JSON.createObjectNode().put("total", points.size() * 2).put("dataset", dataset);
    ArrayNode records = body.putArray("records");
    for (Point point : points) {
      for (String area : List.of("DK1", "DK2")) {
        records
            .addObject()
            .put(
                "Minutes5UTC",
                LocalDateTime.ofInstant(point.start(), ZoneOffset.UTC).toString() + ":00")
            .put("Minutes5DK", LocalDateTime.ofInstant(point.start(), DANISH).toString() + ":00")
            .put("PriceArea", area)
            .put("CO2Emission", area.equals("DK1") ? point.gramsPerKwh() : 1.0);
      }
    }
    return body.toString();
  }

  @Override
  String forecastBody(List<Point> points) {
    return body("CO2EmisProg", points);
  }

  @Override
  String actualsBody(List<Point> points) {
    return body("CO2Emis", points);
  }

  @Override
  void readsTheRealForecastSample() {
    // The prognosis sample has the real shape with placeholder values.
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(
                    Samples.read(
                        "energi-data-service/CO2EmisProg_SHAPE-ONLY_placeholder-values.json"))));

    IntensitySeries series =
        source.forecast("DK-DK1", Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1));

    assertThat(series.start()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(series.values()).containsExactly(100.0, 100.0);
  }

  @Test
  void readsTheRealEmissionsSampleForOnePriceArea() {
    api.stubFor(
        actualsCall()
            .willReturn(
                okJson(Samples.read("energi-data-service/CO2Emis_2023-01-01_EXCERPT.json"))));

    IntensitySeries series =
        source.actuals(
            "DK-DK1", Instant.parse("2023-01-01T22:50:00Z"), Instant.parse("2023-01-01T23:00:00Z"));

    assertThat(series.values()).containsExactly(67.0, 68.0);
  }

  @Test
  void asksInDanishLocalTimeWithSlackAcrossTheAutumnShift() {
    // 2023-10-29 01:00 UTC: Danish clocks go back from 03:00 to 02:00, so the hour of slack
    // before is summer time (UTC+2) and the hour after is winter time (UTC+1).
    Instant from = Instant.parse("2023-10-29T00:00:00Z");
    List<Point> points = day(from, 36);
    api.stubFor(actualsCall().willReturn(okJson(actualsBody(points))));

    IntensitySeries series = source.actuals("DK-DK1", from, from.plus(Duration.ofHours(3)));

    assertThat(series.size()).isEqualTo(36);
    assertThat(series.values()).doesNotContain(Double.NaN);
    api.verify(
        getRequestedFor(urlPathEqualTo("/dataset/CO2Emis"))
            .withQueryParam("start", equalTo("2023-10-29T01:00"))
            .withQueryParam("end", equalTo("2023-10-29T05:00"))
            .withQueryParam("filter", equalTo("{\"PriceArea\":[\"DK1\"]}"))
            .withQueryParam("sort", equalTo("Minutes5UTC ASC")));
  }
}
