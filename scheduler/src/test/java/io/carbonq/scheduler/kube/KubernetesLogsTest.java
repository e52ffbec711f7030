package io.carbonq.scheduler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.CarbonqConfig;
import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.testing.Eventually;
import io.carbonq.scheduler.testing.MovableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/jobs/{id}/logs} of a job run on Kubernetes: the output of the pods of its Job,
 * which Fabric8's mock server keeps in CRUD mode; the mock cannot serve a pod's log in that mode,
 * so each log call alone is an expectation.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLogsTest {
  static final Instant MONDAY = KubernetesExecutorTest.MONDAY;
  static final String KEY = JobKeys.key("ada", "train-a");
  KubernetesClient client;
  KubernetesMockServer mock;
  final MovableClock clock = new MovableClock(MONDAY);
  final Database database = Database.inMemory("kube-logs-" + UUID.randomUUID());
  final CarbonqConfig config = KubernetesExecutorTest.config();
  final OkHttpClient http = new OkHttpClient();
  QueueService service;
  ApiServer api;
  String url;
  String ada;

  record Reply(int status, String run, String body) {}

  @BeforeEach
  void start() {
    KubernetesJobs jobs = new KubernetesJobs(client);
    KubernetesExecutor executor =
        new KubernetesExecutor(
            config.executor(),
            pool -> new KubernetesExecutor.Target(jobs, config.executor().target(pool)));
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            new Fleet(config),
            new ForecastSources(config, Map.of(), clock, Path.of("unused")).chain(),
            executor,
            clock);
    TokenStore tokens = new TokenStore(database.dataSource());
    ada = tokens.create("ada", EnumSet.of(TokenStore.Scope.READ), MONDAY);
    api = new ApiServer(service, tokens, () -> {});
    url = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
    service.submit(KubernetesExecutorTest.urgent(KEY), Optional.empty());
    service.planCycle();
    service.dispatchDue();
  }

  @AfterEach
  void stop() {
    api.close();
    database.close();
  }

  Reply logs(String query) throws IOException {
    Request request =
        new Request.Builder()
            .url(url + "/v1/jobs/train-a/logs" + query)
            .header("Authorization", "Bearer " + ada)
            .build();
    try (Response response = http.newCall(request).execute()) {
      return new Reply(
          response.code(), response.header("Carbonq-Run", ""), response.body().string());
    }
  }

  /** A started pod of the job's Job, as the Job controller would make it, and its output. */
  void pod(String name, String phase, String start, String output) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("team-ada")
            .addToLabels(KubernetesJobs.MANAGED_BY, "carbonq")
            .addToLabels(KubernetesJobs.RUN_ID, KEY)
            .endMetadata()
            .withNewStatus()
            .withPhase(phase)
            .withStartTime(start)
            .endStatus()
            .build();
    client.pods().inNamespace("team-ada").resource(pod).create();
    mock.expect()
        .get()
        .withPath(
            "/api/v1/namespaces/team-ada/pods/"
                + name
                + "/log?pretty=false&container=train&tailLines="
                + KubernetesJobs.MAX_LOG_LINES)
        .andReturn(200, output)
        .always();
  }

  void running() {
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace("team-ada")
            .withName(KubernetesJobs.jobName(KEY))
            .get();
    job.setStatus(
        new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T08:00:05Z").build());
    client.batch().v1().jobs().inNamespace("team-ada").resource(job).updateStatus();
    Eventually.synced(service, KEY, JobState.RUNNING);
  }

  @Test
  void theLatestPodsOutputAndEveryPodsWithRunsAll() throws Exception {
    pod("carbonq-ada-train-a-q8w2e", "Failed", "2023-03-13T08:00:05Z", "epoch 1\nOOM\n");
    pod("carbonq-ada-train-a-m3k9z", "Running", "2023-03-13T08:01:10Z", "epoch 1\nepoch 2\n");
    running();

    Reply latest = logs("");
    Reply all = logs("?runs=all");

    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.run()).isEqualTo("carbonq-ada-train-a-m3k9z");
    assertThat(latest.body()).isEqualTo("epoch 1\nepoch 2\n");
    assertThat(all.body())
        .isEqualTo(
            """
            ==> carbonq-ada-train-a-q8w2e, started 2023-03-13T08:00:05Z <==
            epoch 1
            OOM

            ==> carbonq-ada-train-a-m3k9z, started 2023-03-13T08:01:10Z <==
            epoch 1
            epoch 2
            """);
  }

  @Test
  void aDispatchedJobWhosePodHasNotStartedIsA409() throws Exception {
    Reply reply = logs("");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(new ObjectMapper().readTree(reply.body()).path("detail").asText())
        .isEqualTo(
            "job 'train-a' has not started yet: it is dispatched (dispatched to frankfurt-a100);"
                + " `carbonq status train-a -w` shows when it does");
  }

  @Test
  void aJobThatRanButWhosePodsAreGoneIsA404SayingWhy() throws Exception {
    running();

    Reply reply = logs("");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(new ObjectMapper().readTree(reply.body()).path("detail").asText())
        .startsWith("job 'train-a' ran, but none of its output is kept: ")
        .endsWith("; it is running (running on Kubernetes)");
  }
}
