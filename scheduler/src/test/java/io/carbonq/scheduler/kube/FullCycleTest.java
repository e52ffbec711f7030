package io.carbonq.scheduler.kube;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.k8s.energy.PrometheusEnergy;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.Eventually;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path on the mock cluster and a WireMock Prometheus: submit → a Job with the pool's node
 * selector and GPU limits → running → completed → GPU energy from DCGM → realised kgCO2e with the
 * measured intensity, as the report shows it (the report's rendering: {@code ReportTest}).
 */
@EnableKubernetesMockClient(crud = true)
class FullCycleTest {
  @RegisterExtension
  static WireMockExtension prometheus =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  KubernetesClient client;

  @Test
  void submitRunMeasureAndReport() throws Exception {
    var clock = new io.carbonq.scheduler.testing.MovableClock(KubernetesExecutorTest.MONDAY);
    var config = KubernetesExecutorTest.config();
    Fleet fleet = new Fleet(config);
    KubernetesJobs jobs = new KubernetesJobs(client);
    var sources = new ForecastSources(config, Map.of(), clock, Path.of("unused")).chain();
    try (Database database = Database.inMemory("cycle-" + UUID.randomUUID())) {
      QueueService service =
          new QueueService(
              new JdbcQueueStore(database.dataSource()),
              fleet,
              sources,
              new KubernetesExecutor(
                  config.executor(),
                  pool -> new KubernetesExecutor.Target(jobs, config.executor().target(pool))),
              clock,
              Optional.of(
                  new QueueService.Footprints(
                      new FootprintStore(database.dataSource()),
                      new PrometheusMeter(
                          new PrometheusEnergy(prometheus.baseUrl(), Duration.ofSeconds(5)),
                          "team-{owner}"))));
      service.submit(KubernetesExecutorTest.urgent("train-a"), Optional.empty());
      service.planCycle();
      service.dispatchDue();

      Job job =
          client.batch().v1().jobs().inNamespace("team-ada").withName("carbonq-train-a").get();
      var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount())
          .isEqualTo("8");

      Instant start = KubernetesExecutorTest.MONDAY.plusSeconds(30);
      Instant end = start.plus(Duration.ofHours(4));
      update(job, new JobStatusBuilder().withActive(1).withStartTime(start.toString()).build());
      service.syncExecutor();
      // The GPUs drew 2,400 W for four hours: an energy counter rising 2.4e6 mJ a second.
      StringBuilder values = new StringBuilder();
      for (long t = start.getEpochSecond(); t <= end.getEpochSecond(); t += 60) {
        values
            .append(values.length() == 0 ? "" : ",")
            .append("[")
            .append(t)
            .append(",\"")
            .append((t - start.getEpochSecond()) * 2_400_000L)
            .append("\"]");
      }
      prometheus.stubFor(
          get(urlPathEqualTo("/api/v1/query"))
              .withQueryParam("query", containing("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"))
              .willReturn(
                  okJson(
                      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":["
                          + values
                          + "]}]}}")));
      prometheus.stubFor(
          get(urlPathEqualTo("/api/v1/query"))
              .withQueryParam("query", containing("kepler"))
              .willReturn(
                  okJson(
                      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")));
      update(
          client.batch().v1().jobs().inNamespace("team-ada").withName("carbonq-train-a").get(),
          new JobStatusBuilder()
              .withSucceeded(1)
              .withStartTime(start.toString())
              .withCompletionTime(end.toString())
              .build());
      clock.now = end;

      Eventually.synced(service, "train-a", JobState.SUCCEEDED);
      var footprint = service.footprint("train-a").orElseThrow();
      assertThat(footprint.measured()).isTrue();
      assertThat(footprint.energySource()).isEqualTo("DCGM energy counter");
      assertThat(footprint.energyKwh()).isCloseTo(9.6, within(1e-6));
      double intensity =
          sources
              .actuals("DE", start.minusSeconds(3600), end.plusSeconds(3600))
              .meanGramsPerKwh(start, end);
      assertThat(footprint.kgCo2e())
          .isCloseTo(9.6 * intensity * footprint.pue() / 1000, within(0.01));
      assertThat(footprint.region()).isEqualTo("gcp:europe-west3");
      assertThat(footprint.gpuHours()).isCloseTo(32, within(1e-9));
    }
  }

  private void update(Job job, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace("team-ada").resource(job).updateStatus();
  }
}
