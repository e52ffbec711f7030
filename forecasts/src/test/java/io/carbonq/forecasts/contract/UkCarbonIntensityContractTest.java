package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.ukci.UkCarbonIntensitySource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class UkCarbonIntensityContractTest extends ForecastSourceContract {
  static final ObjectMapper JSON = new ObjectMapper();
  static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  UkCarbonIntensityContractTest() {
    super(
        new Facts(
            UkCarbonIntensitySource.ID,
            "GB",
            Duration.ofMinutes(30),
            SignalKind.AVERAGE,
            "/intensity/[^/]+/fw48h",
            "/intensity/[^/]+Z/[^/]+Z",
            "HTTP 401"));
  }

  @Override
  ForecastSource create(JsonHttp http, Clock clock) {
    return new UkCarbonIntensitySource(http);
  }

  private static String body(List<Point> points, String field) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    points.forEach(
        point -> {
          ObjectNode period =
              data.addObject()
                  .put("from", MINUTE.format(point.start()))
                  .put("to", MINUTE.format(point.start().plus(Duration.ofMinutes(30))));
          ObjectNode intensity = period.putObject("intensity");
          if (field.equals("forecast")) {
            intensity.put("forecast", point.gramsPerKwh()).putNull("actual");
          } else {
            intensity.put("forecast", point.gramsPerKwh() + 7).put("actual", point.gramsPerKwh());
          }
          intensity.put("index", "moderate");
        });
    return body.toString();
  }

  @Override
  String forecastBody(List<Point> points) {
    return body(points, "forecast");
  }

  @Override
  String actualsBody(List<Point> points) {
    return body(points, "actual");
  }

  @Override
  void readsTheRealForecastSample() {
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(
                    Samples.read(
                        "uk-carbon-intensity/national_intensity_2020-05-21T21-00Z_fw24h.json"))));

    IntensitySeries series = forecastAt(Instant.parse("2020-05-21T21:00:00Z"));

    // The API's first item is the period ending at the time asked; the series starts at that time.
    assertThat(series.start()).isEqualTo(Instant.parse("2020-05-21T21:00:00Z"));
    assertThat(series.size()).isEqualTo(48);
    assertThat(series.gramsPerKwh(0)).isEqualTo(177);
    assertThat(series.gramsPerKwh(47)).isEqualTo(68);
    api.verify(getRequestedFor(urlPathEqualTo("/intensity/2020-05-21T21:01Z/fw48h")));
  }

  @Test
  void aForecastIssuedMidPeriodStartsWithThePeriodInProgress() {
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(day(NOW, 4)))));

    IntensitySeries series =
        source.forecast("GB", NOW.plus(Duration.ofMinutes(17)), Duration.ofHours(2));

    assertThat(series.start()).isEqualTo(NOW);
    api.verify(getRequestedFor(urlPathEqualTo("/intensity/2023-05-02T20:01Z/fw48h")));
  }

  @Test
  void readsTheRealRegionalSampleWithItsGapsAndGlitch() {
    api.stubFor(
        get(urlPathMatching("/regional/intensity/[^/]+/fw48h/regionid/13"))
            .willReturn(
                okJson(
                    Samples.read(
                        "uk-carbon-intensity/regional_intensity_2020-01-01_2020-01-02_regionid13_EXCERPT.json"))));

    IntensitySeries series =
        source.forecast(
            "GB-REGION-13", Instant.parse("2019-12-31T23:30:00Z"), Duration.ofHours(24));

    assertThat(series.gramsPerKwh(0)).isEqualTo(199);
    assertThat(series.gramsPerKwhAt(Instant.parse("2020-01-01T19:00:00Z"))).isEqualTo(2);
    assertThat(series.values()).contains(Double.NaN);
  }

  @Test
  void regionsHaveNoActuals() {
    assertThatThrownBy(() -> source.actuals("GB-REGION-13", NOW.minus(Duration.ofDays(1)), NOW))
        .hasMessageContaining("actuals for GB as a whole only");
    assertThatThrownBy(() -> source.forecast("GB-REGION-18", NOW, Duration.ofHours(1)))
        .hasMessageContaining("GB-REGION-18");
  }

  @Test
  void actualsReadTheActualNotTheForecast() {
    List<Point> points = day(NOW.minus(Duration.ofHours(4)), 8);
    api.stubFor(actualsCall().willReturn(okJson(actualsBody(points))));

    IntensitySeries series = source.actuals("GB", points.get(0).start(), NOW);

    assertThat(series.gramsPerKwh(0)).isEqualTo(points.get(0).gramsPerKwh());
    api.verify(getRequestedFor(urlPathEqualTo("/intensity/2023-05-02T16:01Z/2023-05-02T20:00Z")));
  }
}
