package io.carbonq.scheduler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.k8s.KubernetesJobs;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.Eventually;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.TwoValleys;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An interruptible job split into two pieces runs as one Kubernetes Job that is suspended between
 * them and resumed, also by a restarted service, on Fabric8's mock server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPausingTest {
  static final Instant MONDAY = TwoValleys.MONDAY;
  KubernetesClient client;
  final MovableClock clock = new MovableClock(MONDAY);
  final Database database = Database.inMemory("kube-pausing-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());
  final CarbonqConfig config =
      ConfigLoader.parse(
          """
          pools:
            - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
          policy: {step: 30m, horizon: 2d, resumeOverhead: 6m}
          executor:
            type: kubernetes
            namespace: "team-{owner}"
            terminationGrace: 10m
            pools:
              frankfurt-a100:
                nodeSelector: {cloud.google.com/gke-accelerator: nvidia-tesla-a100}
          """,
          "test");

  @AfterEach
  void close() {
    database.close();
  }

  QueueService service() {
    KubernetesJobs jobs = new KubernetesJobs(client);
    KubernetesExecutor executor =
        new KubernetesExecutor(
            config.executor(),
            pool -> new KubernetesExecutor.Target(jobs, config.executor().target(pool)));
    return new QueueService(store, new Fleet(config), new TwoValleys(), executor, clock);
  }

  static Instant at(int hours, int minutes, int seconds) {
    return MONDAY.plus(Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds));
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace("team-ada").list().getItems();
  }

  void setStatus(JobStatus status) {
    Job job = jobs().get(0);
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace("team-ada").resource(job).updateStatus();
  }

  QueuedJob job(QueueService service) {
    return service.get("train-a").orElseThrow();
  }

  @Test
  void theJobIsSuspendedBetweenItsPiecesAndResumedAfterARestart() {
    QueueService service = service();
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());
    service.planCycle();
    assertThat(job(service).plan().orElseThrow().split()).isTrue();

    service.dispatchDue();
    assertThat(jobs()).hasSize(1);
    assertThat(jobs().get(0).getSpec().getSuspend()).isFalse();
    // The grace period lets the training code checkpoint when the Job is suspended.
    assertThat(jobs().get(0).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(600);
    setStatus(new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T00:00:05Z").build());
    Eventually.synced(service, "train-a", JobState.RUNNING);

    clock.now = at(2, 6, 0);
    service.dispatchDue();
    assertThat(jobs().get(0).getSpec().getSuspend()).isTrue();
    assertThat(job(service).state()).isEqualTo(JobState.PAUSED);
    // Kubernetes marks a suspended Job so, with no active pods.
    setStatus(new JobStatusBuilder().withActive(0).build());

    // A new process, whose executor knows no Job, resumes the one it finds.
    QueueService restarted = service();
    restarted.recover();
    restarted.planCycle();
    clock.now = at(6, 0, 0);
    assertThat(restarted.dispatchDue()).containsExactly("train-a");
    assertThat(jobs()).hasSize(1);
    assertThat(jobs().get(0).getSpec().getSuspend()).isFalse();
    assertThat(job(restarted).state()).isEqualTo(JobState.DISPATCHED);

    // Read before Kubernetes resets the resumed Job's start time, the Job still shows the first
    // one: the piece starts at the resume all the same.
    setStatus(new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T00:00:05Z").build());
    Eventually.synced(restarted, "train-a", JobState.RUNNING);
    setStatus(
        new JobStatusBuilder()
            .withSucceeded(1)
            .withStartTime("2023-03-13T06:00:04Z")
            .withCompletionTime("2023-03-13T08:00:30Z")
            .build());

    QueuedJob done = Eventually.synced(restarted, "train-a", JobState.SUCCEEDED);
    assertThat(done.startedAt()).contains(at(0, 0, 5));
    assertThat(done.history().orElseThrow().pieces(done.finishedAt().orElseThrow()))
        .containsExactly(
            new Segment(at(0, 0, 5), at(2, 6, 0)), new Segment(at(6, 0, 0), at(8, 0, 30)));
  }

  @Test
  void cancellingAPausedJobAfterARestartDeletesItsSuspendedJob() {
    QueueService service = service();
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());
    service.planCycle();
    service.dispatchDue();
    setStatus(new JobStatusBuilder().withActive(1).withStartTime("2023-03-13T00:00:05Z").build());
    Eventually.synced(service, "train-a", JobState.RUNNING);
    clock.now = at(2, 6, 0);
    service.dispatchDue();
    assertThat(jobs().get(0).getSpec().getSuspend()).isTrue();

    QueueService restarted = service();
    assertThat(restarted.cancel("train-a", "ada")).isEqualTo(QueueService.Cancelled.CANCELLED);

    assertThat(jobs()).isEmpty();
  }
}
