package io.carbonq.scheduler.kube;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.carbonq.k8s.energy.PrometheusEnergy;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.EnergyProfile;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrometheusMeterTest {
  @RegisterExtension
  static WireMockExtension prometheus =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant START = Instant.ofEpochSecond(1_700_000_000);

  @Test
  void aJobsPodsAreMeteredInItsOwnersNamespaceAndTheProfileIsMarkedMeasured() {
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
            .willReturn(
                okJson(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                        + "\"values\":[[1700000000,\"1000000000\"],[1700000060,\"1036000000\"],[1700000120,\"1072000000\"]]}]}}")));
    prometheus.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", containing("kepler"))
            .willReturn(
                okJson(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));
    Workload workload =
        Workload.builder("train-a")
            .owner("ada")
            .image("t:1")
            .earliestStart(START)
            .deadline(START.plus(Duration.ofDays(1)))
            .regions(List.of("gcp:europe-west3"))
            .build();
    QueuedJob job = QueuedJob.submitted(workload, Optional.empty(), START);

    EnergyProfile profile =
        new PrometheusMeter(
                new PrometheusEnergy(prometheus.baseUrl(), Duration.ofSeconds(5)), "team-{owner}")
            .measure(
                job,
                List.of(new io.carbonq.scheduler.planning.Segment(START, START.plusSeconds(120))))
            .orElseThrow();

    // 36,000,000 mJ a minute is 600 W, 0.01 kWh a minute.
    assertThat(profile.measured()).isTrue();
    assertThat(profile.totalKwh()).isCloseTo(0.02, within(1e-9));
    assertThat(profile.gpuKwh()).isCloseTo(0.02, within(1e-9));
    assertThat(profile.hostShare())
        .as("no Kepler series: the pool's host estimate may take over")
        .isEqualTo(io.carbonq.scheduler.energy.HostShare.NOT_COUNTED);
    prometheus.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/query"))
            .withQueryParam(
                "query", containing("namespace=\"team-ada\",pod=~\"carbonq-train-a-.*\"")));
  }
}
