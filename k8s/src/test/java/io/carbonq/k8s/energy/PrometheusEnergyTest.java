package io.carbonq.k8s.energy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrometheusEnergyTest {
  @RegisterExtension
  static WireMockExtension prometheus =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant START = Instant.ofEpochSecond(1_700_000_000);
  static final String EMPTY =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

  static String sample(String name) throws IOException {
    try (InputStream in = PrometheusEnergyTest.class.getResourceAsStream("/energy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  PrometheusEnergy energy() {
    return new PrometheusEnergy(prometheus.baseUrl(), Duration.ofSeconds(5));
  }

  @Test
  void theDcgmEnergyCounterGivesTheGpuEnergyPerInterval() throws Exception {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(
                okJson(
                    sample(
                        "prometheus_query_range_DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_matrix_CONSTRUCTED.json"))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam("query", containing("kepler"))
            .willReturn(okJson(EMPTY)));

    PrometheusEnergy.Reading reading =
        energy()
            .read("ml-jobs", "job-42-.*", START, START.plusSeconds(60), Duration.ofSeconds(30))
            .orElseThrow();

    // 2,100,000 mJ per 30 s (70 W) is 0.000583 kWh.
    assertThat(reading.gpuKwh()).hasSize(2);
    assertThat(reading.gpuKwh()[0]).isCloseTo(2_100_000 / 3.6e9, within(1e-12));
    assertThat(reading.gpuKwh()[1]).isCloseTo(2_100_000 / 3.6e9, within(1e-12));
    assertThat(reading.source()).isEqualTo("DCGM energy counter");
  }

  @Test
  void withoutTheCounterThePowerGaugeIsIntegratedAndKeplerAddsTheHost() throws Exception {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(okJson(EMPTY)));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam("query", containing("DCGM_FI_DEV_POWER_USAGE"))
            .willReturn(
                okJson(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                        + "\"values\":[[1700000000,\"300\"],[1700000060,\"360\"]]}]}}")));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .withQueryParam("query", containing("kepler"))
            .willReturn(
                okJson(sample("prometheus_query_range_kepler_gpu_watts_matrix_CONSTRUCTED.json"))));

    PrometheusEnergy.Reading reading =
        energy()
            .read("ml-jobs", "job-42-.*", START, START.plusSeconds(120), Duration.ofSeconds(60))
            .orElseThrow();

    assertThat(reading.gpuKwh()[0]).isCloseTo(300 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.gpuKwh()[1]).isCloseTo(360 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.hostKwh()[0]).isCloseTo(61.2 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.source()).isEqualTo("DCGM power, integrated + Kepler host share");
  }

  @Test
  void noGpuMetricMeansNoReadingAndAnErrorSaysWhy() throws Exception {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(okJson(EMPTY)));
    assertThat(energy().read("ml-jobs", "x", START, START.plusSeconds(60), Duration.ofSeconds(30)))
        .isEmpty();

    prometheus.resetAll();
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(sample("prometheus_api_error_SHAPE-ONLY.json"))));
    assertThatThrownBy(
            () ->
                energy().read("ml-jobs", "x", START, START.plusSeconds(60), Duration.ofSeconds(30)))
        .hasMessageContaining("Prometheus refused")
        .hasMessageContaining("parse error");
  }
}
