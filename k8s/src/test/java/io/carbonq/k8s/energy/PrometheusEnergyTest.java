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
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(
                okJson(
                    sample(
                        "prometheus_query_range_DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_matrix_CONSTRUCTED.json"))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
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
    assertThat(reading.hostMeasured()).as("no Kepler series").isFalse();
  }

  static String matrix(String values) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
        + "\"values\":["
        + values
        + "]}]}}";
  }

  @Test
  void withoutTheCounterThePowerGaugeIsIntegratedAndKeplerAddsTheHost() throws Exception {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(okJson(EMPTY)));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_POWER_USAGE"))
            .willReturn(okJson(matrix("[1700000000,\"300\"],[1700000060,\"360\"]"))));
    // Kepler: 500 W for the whole container, 400 W of it on the GPUs.
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("kepler_container_joules_total"))
            .willReturn(
                okJson(
                    matrix("[1700000000,\"0\"],[1700000060,\"30000\"],[1700000120,\"60000\"]"))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("kepler_container_gpu_joules_total"))
            .willReturn(
                okJson(
                    matrix("[1700000000,\"0\"],[1700000060,\"24000\"],[1700000120,\"48000\"]"))));

    PrometheusEnergy.Reading reading =
        energy()
            .read("ml-jobs", "job-42-.*", START, START.plusSeconds(120), Duration.ofSeconds(60))
            .orElseThrow();

    // Between samples the mean of the two readings; after the last, its reading to the run's end.
    assertThat(reading.gpuKwh()[0]).isCloseTo(330 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.gpuKwh()[1]).isCloseTo(360 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.hostKwh()[0]).isCloseTo(100 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.hostKwh()[1]).isCloseTo(100 * 60 / 3.6e6, within(1e-12));
    assertThat(reading.source()).isEqualTo("DCGM power + Kepler host share");
    assertThat(reading.hostMeasured()).isTrue();
  }

  @Test
  void aGpuSharedWithAnotherPodCountsOnlyTheJobsShare() throws Exception {
    String device = "\"UUID\":\"GPU-1\",\"gpu\":\"0\"";
    String own =
        "{\"metric\":{"
            + device
            + ",\"namespace\":\"ml\",\"pod\":\"job-1-0\"},\"values\":[[1700000000,\"0\"],"
            + "[1700000010,\"3000000\"],[1700000020,\"6000000\"],[1700000030,\"9000000\"]]}";
    String other =
        "{\"metric\":{"
            + device
            + ",\"namespace\":\"lab\",\"pod\":\"notebook\"},\"values\":[[1700000020,\"6000000\"]]}";
    String idle = "{\"metric\":{" + device + "},\"values\":[[1700000040,\"9500000\"]]}";
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{namespace"))
            .willReturn(okJson(result(own))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam(
                "query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{UUID=\"GPU-1\""))
            .willReturn(okJson(result(own + "," + other + "," + idle))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("kepler"))
            .willReturn(okJson(EMPTY)));

    PrometheusEnergy.Reading reading =
        energy()
            .read("ml", "job-1-.*", START, START.plusSeconds(30), Duration.ofSeconds(30))
            .orElseThrow();

    // 3e6 mJ alone, 3e6 / 2 while the notebook shared it, 3e6 alone: 7.5e6 mJ, not 9e6.
    assertThat(reading.gpuKwh()[0]).isCloseTo(7_500_000 / 3.6e9, within(1e-12));
    assertThat(reading.source())
        .isEqualTo("DCGM energy counter; GPU time-sliced with up to 2 pods at once, split equally");
  }

  @Test
  void aMigInstanceCountsItsSlicesOfTheGpu() throws Exception {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(
                okJson(
                    result(
                        "{\"metric\":{\"UUID\":\"GPU-1\",\"GPU_I_PROFILE\":\"3g.40gb\","
                            + "\"GPU_I_ID\":\"2\",\"pod\":\"job-1-0\"},\"values\":"
                            + "[[1700000000,\"0\"],[1700000030,\"7000000\"]]}"))));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("kepler"))
            .willReturn(okJson(EMPTY)));

    PrometheusEnergy.Reading reading =
        energy()
            .read("ml", "job-1-.*", START, START.plusSeconds(30), Duration.ofSeconds(30))
            .orElseThrow();

    // 7e6 mJ on the whole GPU; a 3g instance holds 3 of its 7 slices: 3e6 mJ.
    assertThat(reading.gpuKwh()[0]).isCloseTo(3_000_000 / 3.6e9, within(1e-12));
    assertThat(reading.source())
        .isEqualTo(
            "DCGM energy counter; MIG 3g.40gb: N of the GPU's compute slices per Ng profile");
  }

  static String result(String series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + series
        + "]}}";
  }

  @Test
  void noGpuMetricMeansNoReadingAndAnErrorSaysWhy() throws Exception {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(EMPTY)));
    assertThat(energy().read("ml-jobs", "x", START, START.plusSeconds(60), Duration.ofSeconds(30)))
        .isEmpty();

    prometheus.resetAll();
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
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
