package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.http.ClientSettings;
import io.carbonq.forecasts.http.JsonHttp;
import io.carbonq.forecasts.http.Secret;
import io.carbonq.forecasts.watttime.WattTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WattTimeContractTest extends ForecastSourceContract {
  static final String USER = "carbonq-ci";
  static final String PASSWORD = "wt-password-0815";
  static final String TOKEN = "wt-bearer-token-abcd1234";
  static final double LB = WattTimeSource.GRAMS_PER_KWH_PER_LB_PER_MWH;
  static final ObjectMapper JSON = new ObjectMapper();

  WattTimeContractTest() {
    super(
        new Facts(
            WattTimeSource.ID,
            "US-CAL-CISO",
            Duration.ofMinutes(5),
            SignalKind.MARGINAL,
            "/v3/forecast",
            "/v3/historical",
            "WATTTIME_USERNAME"));
  }

  @Override
  ForecastSource create(JsonHttp http, Clock clock) {
    return new WattTimeSource(
        http,
        Secret.of(USER, "environment variable WATTTIME_USERNAME"),
        Secret.of(PASSWORD, "environment variable WATTTIME_PASSWORD"),
        Map.of("US-CAL-CISO", "CAISO_NORTH"),
        SignalKind.MARGINAL,
        clock);
  }

  @Override
  void stubSession() {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    api.stubFor(
        get(urlPathEqualTo("/login"))
            .withHeader("Authorization", equalTo(basic))
            .willReturn(okJson("{\"token\": \"" + TOKEN + "\"}")));
  }

  private static String body(List<Point> points, boolean forecast) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    points.forEach(
        point ->
            data.addObject()
                .put(
                    "point_time",
                    point.start().atOffset(ZoneOffset.UTC).toString().replace("Z", ":00+00:00"))
                .put("value", point.gramsPerKwh() / LB));
    ObjectNode meta = body.putObject("meta");
    meta.put("data_point_period_seconds", 300)
        .put("region", "CAISO_NORTH")
        .put("signal_type", "co2_moer")
        .put("units", "lbs_co2_per_mwh");
    meta.putArray("warnings");
    meta.putObject("model").put("date", "2023-03-01");
    if (forecast) {
      meta.put("generated_at_period_seconds", 300).put("generated_at", "2023-05-02T20:00:00+00:00");
    }
    return body.toString();
  }

  @Override
  String forecastBody(List<Point> points) {
    return body(points, true);
  }

  @Override
  String actualsBody(List<Point> points) {
    return body(points, false);
  }

  @Override
  void readsTheRealForecastSample() {
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(Samples.read("watttime/v3_forecast_CAISO_NORTH_docs-example.json"))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.start()).isEqualTo(Instant.parse("2022-07-15T00:00:00Z"));
    assertThat(series.step()).isEqualTo(Duration.ofMinutes(5));
    assertThat(series.gramsPerKwh(0)).isCloseTo(1048.4131919701972 * LB, within(1e-9));
    assertThat(series.gramsPerKwh(0)).isCloseTo(475.55, within(0.01));
    api.verify(
        getRequestedFor(urlPathEqualTo("/v3/forecast"))
            .withQueryParam("region", equalTo("CAISO_NORTH"))
            .withQueryParam("signal_type", equalTo("co2_moer"))
            .withQueryParam("horizon_hours", equalTo("48"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void readsTheRealHistoricalSampleAsActuals() {
    api.stubFor(
        actualsCall().willReturn(okJson(Samples.read("watttime/v3_historical_CAISO_NORTH.json"))));
    Instant from = Instant.parse("2022-07-15T00:00:00Z");

    IntensitySeries series = source.actuals("CAISO_NORTH", from, from.plus(Duration.ofMinutes(10)));

    assertThat(series.values()).containsExactly(870 * LB, 860 * LB);
  }

  @Test
  void logsInOnceAndKeepsTheTokenUntilItIsAboutToExpire() {
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(day(NOW, 3)))));
    MutableClock time = new MutableClock(NOW);
    ForecastSource watttime = create(http(time), time);

    watttime.forecast(zone(), NOW, Duration.ofHours(1));
    time.advance(Duration.ofMinutes(20));
    watttime.forecast(zone(), NOW, Duration.ofHours(1));
    api.verify(1, getRequestedFor(urlPathEqualTo("/login")));

    time.advance(Duration.ofMinutes(6));
    watttime.forecast(zone(), NOW, Duration.ofHours(1));
    api.verify(2, getRequestedFor(urlPathEqualTo("/login")));
  }

  @Test
  void aTokenRefusedWith401IsRenewedOnce() {
    api.stubFor(
        forecastCall()
            .inScenario("expired")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(401))
            .willSetStateTo("renewed"));
    api.stubFor(
        forecastCall()
            .inScenario("expired")
            .whenScenarioStateIs("renewed")
            .willReturn(okJson(forecastBody(day(NOW, 2)))));

    assertThat(forecastAt(NOW).size()).isEqualTo(2);
    api.verify(2, getRequestedFor(urlPathEqualTo("/login")));
  }

  @Test
  void aRefusedLoginNamesWhereTheCredentialsComeFrom() {
    api.resetMappings();
    api.stubFor(
        get(urlPathEqualTo("/login"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(Samples.read("watttime/login_error_403_forbidden.html"))));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("refused the login (HTTP 403)")
        .hasMessageContaining("WATTTIME_USERNAME")
        .hasMessageContaining("WATTTIME_PASSWORD");
  }

  @Test
  void aRegionOutsideThePlanExplainsTheScope() {
    api.stubFor(
        forecastCall()
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(Samples.read("watttime/v3_error_403_invalid_scope.json"))));

    assertThatThrownBy(() -> forecastAt(NOW))
        .hasMessageContaining("no access to region CAISO_NORTH")
        .hasMessageContaining("Invalid scope");
  }

  @Test
  void findsTheRegionOfALocation() {
    api.stubFor(
        get(urlPathEqualTo("/v3/region-from-loc"))
            .withQueryParam("latitude", equalTo("39.74"))
            .willReturn(okJson(Samples.read("watttime/v3_region-from-loc_PSCO.json"))));
    api.stubFor(
        get(urlPathEqualTo("/v3/region-from-loc"))
            .withQueryParam("latitude", equalTo("0.0"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        Samples.read(
                            "watttime/v3_error_region-from-loc_coordinates_not_found.json"))));
    WattTimeSource watttime = (WattTimeSource) source;

    assertThat(watttime.regionAt(39.74, -104.99)).isEqualTo("PSCO");
    assertThatThrownBy(() -> watttime.regionAt(0, 0))
        .hasMessageContaining("covers no region at 0.0, 0.0");
  }

  @Test
  void unknownUnitsAreRefusedRatherThanGuessed() {
    api.stubFor(
        forecastCall()
            .willReturn(
                okJson(forecastBody(day(NOW, 2)).replace("lbs_co2_per_mwh", "percentile"))));

    assertThatThrownBy(() -> forecastAt(NOW)).hasMessageContaining("'percentile'");
  }

  private JsonHttp http(Clock clock) {
    return new JsonHttp(
        sourceId(),
        ClientSettings.defaults(api.baseUrl(), 1_000_000),
        clock,
        sleeps::add,
        new Random(3));
  }

  @Override
  List<String> secrets() {
    return List.of(
        PASSWORD,
        TOKEN,
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
