package io.carbonq.scheduler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.Eventually;
import io.carbonq.scheduler.testing.MovableClock;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue service dispatching to Kubernetes, on Fabric8's mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  KubernetesClient client;
  final MovableClock clock = new MovableClock(MONDAY);
  final Database database = Database.inMemory("kube-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());
  final CarbonqConfig config = config();
  final Fleet fleet = new Fleet(config);

  @AfterEach
  void close() {
    database.close();
  }

  static CarbonqConfig config() {
    try {
      String yaml =
          new String(
                  ConfigLoader.class.getResourceAsStream("carbonq-default.yaml").readAllBytes(),
                  StandardCharsets.UTF_8)
              + """
              executor:
                type: kubernetes
                namespace: "team-{owner}"
                terminationGrace: 3m
                pools:
                  frankfurt-a100:
                    nodeSelector: {cloud.google.com/gke-accelerator: nvidia-tesla-a100}
                    tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
              """;
      return ConfigLoader.parse(yaml, "test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  KubernetesExecutor executor() {
    KubernetesJobs jobs = new KubernetesJobs(client);
    return new KubernetesExecutor(
        config.executor(),
        pool -> new KubernetesExecutor.Target(jobs, config.executor().target(pool)));
  }

  QueueService service(KubernetesExecutor executor) {
    return new QueueService(
        store,
        fleet,
        new ForecastSources(config, Map.of(), clock, Path.of("unused")).chain(),
        executor,
        clock);
  }

  static Workload urgent(String id) {
    return Workload.builder(id)
        .owner("ada")
        .image("ghcr.io/lab/train:1.4")
        .command(List.of("python", "train.py"))
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(4))
        .earliestStart(MONDAY)
        .deadline(MONDAY.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(10)))
        .regions(List.of("gcp:europe-west3"))
        .build();
  }

  Job job(String id) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-ada")
        .withName(KubernetesJobs.jobName(id))
        .get();
  }

  void setStatus(String id, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    Job job = job(id);
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace("team-ada").resource(job).updateStatus();
  }

  @Test
  void aDispatchedJobRunsAsAKubernetesJobAndItsStatusComesBack() {
    QueueService service = service(executor());
    service.submit(urgent("train-a"), Optional.empty());
    service.planCycle();

    assertThat(service.dispatchDue()).containsExactly("train-a");

    Job job = job("train-a");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("carbonq.dev/pool", "frankfurt-a100")
        .containsKey("carbonq.dev/planned-kgco2e");
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    assertThat(job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(180);

    setStatus(
        "train-a",
        new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T08:00:05Z").build());
    assertThat(Eventually.synced(service, "train-a", JobState.RUNNING).startedAt())
        .contains(Instant.parse("2023-03-13T08:00:05Z"));

    setStatus(
        "train-a",
        new JobStatusBuilder()
            .withSucceeded(1)
            .withStartTime("2023-03-13T08:00:05Z")
            .withCompletionTime("2023-03-13T12:01:00Z")
            .build());
    QueuedJob done = Eventually.synced(service, "train-a", JobState.SUCCEEDED);
    assertThat(done.finishedAt()).contains(Instant.parse("2023-03-13T12:01:00Z"));
  }

  @Test
  void afterARestartTheJobIsAdoptedNotStartedTwice() {
    QueueService before = service(executor());
    before.submit(urgent("train-a"), Optional.empty());
    before.planCycle();
    before.dispatchDue();

    QueueService after = service(executor());

    assertThat(after.recover()).isEqualTo(1);
    assertThat(client.batch().v1().jobs().inNamespace("team-ada").list().getItems()).hasSize(1);
    setStatus(
        "train-a",
        new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T08:00:05Z").build());
    Eventually.synced(after, "train-a", JobState.RUNNING);
    assertThat(store.decisions("train-a"))
        .extracting(io.carbonq.scheduler.store.DecisionRecord::event)
        .containsOnlyOnce("dispatched", "running");
  }

  @Test
  void aJobWhosePodCannotStartStaysDispatchedAndSaysWhy() {
    QueueService service = service(executor());
    service.submit(urgent("train-a"), Optional.empty());
    service.planCycle();
    service.dispatchDue();
    setStatus(
        "train-a",
        new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T08:00:02Z").build());
    client
        .pods()
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("carbonq-train-a-7xk2p")
                .withNamespace("team-ada")
                .withLabels(
                    Map.of(KubernetesJobs.MANAGED_BY, "carbonq", KubernetesJobs.RUN_ID, "train-a"))
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withName("train")
                .withNewState()
                .withNewWaiting()
                .withReason("ErrImagePull")
                .withMessage("manifest unknown")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();

    QueuedJob waiting = Eventually.reasonContains(service, "train-a", "ErrImagePull");

    assertThat(waiting.state()).isEqualTo(JobState.DISPATCHED);
    assertThat(waiting.stateReason()).isEqualTo("pending: ErrImagePull: manifest unknown");
    assertThat(store.decisions("train-a"))
        .extracting(io.carbonq.scheduler.store.DecisionRecord::event)
        .containsOnlyOnce("waiting");
  }

  @Test
  void cancellingDeletesTheJob() {
    QueueService service = service(executor());
    service.submit(urgent("train-a"), Optional.empty());
    service.planCycle();
    service.dispatchDue();

    service.cancel("train-a", "ada");

    assertThat(job("train-a")).isNull();
    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void aClusterThatDoesNotAnswerMarksItsPoolUnavailable() {
    try (KubernetesClient unreachable =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(200)
                    .build())
            .build()) {
      KubernetesJobs jobs = new KubernetesJobs(unreachable);
      KubernetesExecutor executor =
          new KubernetesExecutor(
              config.executor(),
              pool -> new KubernetesExecutor.Target(jobs, config.executor().target(pool)));
      QueueService service = service(executor);
      service.submit(urgent("train-a"), Optional.empty());
      service.planCycle();

      service.dispatchDue();

      assertThat(executor.unavailablePools()).containsExactly("frankfurt-a100");
      assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.DISPATCHED);
    }
  }
}
