package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.sdk.CarbonAwareSdkSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarbonAwareSdkContractTest extends ForecastSourceContract {
  static final ObjectMapper JSON = new ObjectMapper();

  CarbonAwareSdkContractTest() {
    super(
        new Facts(
            CarbonAwareSdkSource.ID,
            "US-MIDA-PJM",
            Duration.ofMinutes(5),
            SignalKind.MARGINAL,
            "/emissions/forecasts/current",
            "/emissions/bylocation",
            "HTTP 401"));
  }

  @Override
  ForecastSource create(JsonHttp http, Clock clock) {
    return new CarbonAwareSdkSource(
        http, Map.of("US-MIDA-PJM", "eastus", "IE", "northeurope"), SignalKind.MARGINAL);
  }

  @Override
  String forecastBody(List<Point> points) {
    ArrayNode body = JSON.createArrayNode();
    ObjectNode forecast =
        body.addObject()
            .put("requestedAt", "2023-05-02T20:00:00+00:00")
            .put("generatedAt", "2023-05-02T19:55:00+00:00")
            .put("location", "eastus")
            .put("dataStartAt", "2023-05-02T20:00:00Z")
            .put("dataEndAt", "2023-05-03T20:00:00Z")
            .put("windowSize", 5);
    ArrayNode data = forecast.putArray("forecastData");
    points.forEach(
        point ->
            data.addObject()
                .put("location", "PJM_ROANOKE")
                .put("timestamp", point.start().toString().replace("Z", "+00:00"))
                .put("duration", 5)
                .put("value", point.gramsPerKwh()));
    if (!points.isEmpty()) {
      forecast.set("optimalDataPoint", data.get(0));
    }
    return body.toString();
  }

  @Override
  String actualsBody(List<Point> points) {
    ArrayNode body = JSON.createArrayNode();
    points.forEach(
        point ->
            body.addObject()
                .put("location", "eastus")
                .put("time", point.start().toString().replace("Z", "+00:00"))
                .put("rating", point.gramsPerKwh()));
    return body.toString();
  }

  @Override
  void readsTheRealForecastSample() {
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(
                    Samples.read("carbon-aware-sdk/emissions_forecasts_current_response.json"))));

    IntensitySeries series = source.forecast("IE", NOW, Duration.ofHours(24));

    assertThat(series.start()).isEqualTo(Instant.parse("2022-07-19T14:00:00Z"));
    assertThat(series.gramsPerKwh(0)).isCloseTo(532.02293146, within(1e-9));
    api.verify(
        getRequestedFor(urlPathEqualTo("/emissions/forecasts/current"))
            .withQueryParam("location", equalTo("northeurope")));
  }

  @Test
  void readsTheRealByLocationSample() {
    api.stubFor(
        actualsCall()
            .willReturn(
                okJson(Samples.read("carbon-aware-sdk/emissions_bylocation_response.json"))));

    IntensitySeries series =
        source.actuals(
            "eastus", Instant.parse("2022-05-17T20:00:00Z"), Instant.parse("2022-05-17T21:00:00Z"));

    assertThat(series.gramsPerKwh(0)).isEqualTo(70);
  }

  @Test
  void aProblemDetailsAnswerIsPassedOnWithTheLocation() {
    api.stubFor(
        forecastCall()
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"title\":\"ArgumentException\",\"status\":400,\"detail\":\"Unknown location 'eastus'\",\"errors\":{}}")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .hasMessageContaining("refused location 'eastus'")
        .hasMessageContaining("Unknown location");
  }
}
