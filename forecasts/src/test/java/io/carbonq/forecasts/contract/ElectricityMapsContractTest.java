package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import io.carbonq.forecasts.electricitymaps.ElectricityMapsSource;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.http.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectricityMapsContractTest extends ForecastSourceContract {
  static final String TOKEN = "em-secret-token-4711";
  static final ObjectMapper JSON = new ObjectMapper();

  ElectricityMapsContractTest() {
    super(
        new Facts(
            ElectricityMapsSource.ID,
            "DE",
            Duration.ofHours(1),
            SignalKind.AVERAGE,
            "/carbon-intensity/forecast",
            "/carbon-intensity/past-range",
            "ELECTRICITYMAPS_TOKEN"));
  }

  @Override
  ForecastSource create(JsonHttp http, Clock clock) {
    return new ElectricityMapsSource(
        http, Secret.of(TOKEN, "environment variable ELECTRICITYMAPS_TOKEN"), Set.of("DE", "FR"));
  }

  @Override
  String forecastBody(List<Point> points) {
    ObjectNode body = JSON.createObjectNode().put("zone", "DE");
    ArrayNode forecast = body.putArray("forecast");
    points.forEach(
        point ->
            forecast
                .addObject()
                .put("carbonIntensity", point.gramsPerKwh())
                .put("datetime", point.start().toString().replace("Z", ".000Z")));
    return body.put("updatedAt", "2023-05-02T19:55:00.000Z").toString();
  }

  @Override
  String actualsBody(List<Point> points) {
    ObjectNode body = JSON.createObjectNode().put("zone", "DE");
    ArrayNode data = body.putArray("data");
    points.forEach(
        point ->
            data.addObject()
                .put("zone", "DE")
                .put("carbonIntensity", point.gramsPerKwh())
                .put("datetime", point.start().toString().replace("Z", ".000Z"))
                .put("emissionFactorType", "lifecycle")
                .put("isEstimated", false));
    return body.toString();
  }

  @Override
  void readsTheRealForecastSample() {
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(
                    Samples.read(
                        "electricitymaps/v3_carbon-intensity_forecast_zone-DE_2023-05-02.json"))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.start()).isEqualTo(Instant.parse("2023-05-02T20:00:00Z"));
    assertThat(series.size()).isEqualTo(48);
    assertThat(series.gramsPerKwh(0)).isEqualTo(557);
    assertThat(series.gramsPerKwh(47)).isEqualTo(590);
    api.verify(
        getRequestedFor(urlPathEqualTo("/carbon-intensity/forecast"))
            .withQueryParam("zone", equalTo("DE"))
            .withHeader("auth-token", equalTo(TOKEN)));
  }

  @Test
  void readsTheRealPastRangeSampleAsActuals() {
    api.stubFor(
        actualsCall()
            .willReturn(
                okJson(
                    Samples.read(
                        "electricitymaps/v3_carbon-intensity_past-range_zone-DE_RESHAPED-from-history.json"))));

    IntensitySeries series =
        source.actuals(
            "DE", Instant.parse("2024-03-05T20:00:00Z"), Instant.parse("2024-03-06T02:00:00Z"));

    assertThat(series.values()).containsExactly(599, 607, 599, 606, 623, 636);
  }

  @Test
  void longRangesAreAskedInTenDayPieces() {
    api.stubFor(actualsCall().willReturn(okJson(actualsBody(List.of()))));
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    try {
      source.actuals("DE", from, from.plus(Duration.ofDays(25)));
    } catch (RuntimeException noData) {
      // the pieces are what this test is about
    }
    api.verify(3, getRequestedFor(urlPathEqualTo("/carbon-intensity/past-range")));
    api.verify(
        getRequestedFor(urlPathEqualTo("/carbon-intensity/past-range"))
            .withQueryParam("start", equalTo("2024-01-11T00:00:00Z"))
            .withQueryParam("end", equalTo("2024-01-21T00:00:00Z")));
  }

  @Test
  void withoutConfiguredZonesItAsksTheZoneList() {
    ForecastSource discovering =
        new ElectricityMapsSource(
            new JsonHttp(
                sourceId(),
                io.carbonq.forecasts.http.ClientSettings.defaults(api.baseUrl(), 1000),
                clock,
                sleeps::add,
                new java.util.Random(1)),
            Secret.of(TOKEN, "test"),
            Set.of());
    api.stubFor(
        get(urlPathEqualTo("/zones"))
            .willReturn(okJson(Samples.read("electricitymaps/v3_zones.json"))));

    assertThat(discovering.zones()).contains("DE", "US-CAL-CISO", "AU-LH");
    assertThat(discovering.zones()).contains("FR");
    api.verify(1, getRequestedFor(urlPathEqualTo("/zones")));
  }

  @Override
  List<String> secrets() {
    return List.of(TOKEN);
  }
}
