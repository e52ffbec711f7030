package io.carbonq.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against Fabric8's Kubernetes mock server in CRUD mode, which keeps what it is sent. The informers
 * a test starts stop with the mock client after the class: closing a watch while the mock server
 * sends on it can block its event loop for half a minute.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  KubernetesJobs jobs;

  @BeforeEach
  void clean() {
    client.batch().v1().jobs().inAnyNamespace().delete();
    client.pods().inAnyNamespace().delete();
    jobs = new KubernetesJobs(client);
  }

  static RunSpec spec(String id, boolean suspended) {
    return new RunSpec(
        id,
        "ada",
        Optional.of("lr-sweep"),
        "team-ada",
        "ghcr.io/lab/train:1.4",
        List.of("python", "train.py", "--lr=0.0003"),
        Map.of("WANDB_PROJECT", "lr-sweep"),
        List.of(new RunSpec.Mount("data", "/data", "persistentVolumeClaim", "imagenet", true)),
        8,
        Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"),
        List.of(new RunSpec.Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")),
        Map.of("carbonq.dev/planned-kgco2e", "1.25", "carbonq.dev/region", "gcp:europe-west3"),
        suspended,
        Duration.ofSeconds(120),
        Optional.of("gpu-queue"));
  }

  Job read(String id) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace("team-ada")
        .withName(KubernetesJobs.jobName(id))
        .get();
  }

  @Test
  void aRunBecomesOneJobWithTheNodePoolTheGpusAndWhatCarbonqExpects() {
    assertThat(jobs.start(spec("lr-sweep-003", false))).isTrue();

    Job job = read("lr-sweep-003");
    assertThat(job.getMetadata().getName()).isEqualTo("carbonq-lr-sweep-003");
    assertThat(job.getMetadata().getLabels())
        .containsEntry(KubernetesJobs.MANAGED_BY, "carbonq")
        .containsEntry(KubernetesJobs.RUN_ID, "lr-sweep-003")
        .containsEntry(KubernetesJobs.OWNER, "ada")
        .containsEntry(KubernetesJobs.SWEEP, "lr-sweep")
        .containsEntry(KubernetesJobs.KUEUE_QUEUE, "gpu-queue");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("carbonq.dev/planned-kgco2e", "1.25");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(120);
    var container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/lab/train:1.4");
    assertThat(container.getCommand()).containsExactly("python", "train.py", "--lr=0.0003");
    assertThat(container.getEnv())
        .singleElement()
        .satisfies(
            env -> {
              assertThat(env.getName()).isEqualTo("WANDB_PROJECT");
              assertThat(env.getValue()).isEqualTo("lr-sweep");
            });
    assertThat(container.getResources().getLimits().get("nvidia.com/gpu").getAmount())
        .isEqualTo("8");
    assertThat(container.getSecurityContext().getPrivileged()).isFalse();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("imagenet");
              assertThat(volume.getHostPath()).isNull();
            });
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/data");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(job.getSpec().getSuspend()).isFalse();
  }

  @Test
  void aRetryOrARestartAdoptsTheJobInsteadOfMakingASecond() {
    jobs.start(spec("train-a", false));

    assertThat(new KubernetesJobs(client).start(spec("train-a", false))).isFalse();
    assertThat(client.batch().v1().jobs().inNamespace("team-ada").list().getItems()).hasSize(1);
  }

  @Test
  void theJobStatusIsReadAsTheRunsPhase() {
    jobs.start(spec("a", false));
    jobs.start(spec("b", false));
    jobs.start(spec("c", false));
    jobs.start(spec("d", true));
    setStatus(
        "a", new JobStatusBuilder().withActive(1).withStartTime("2026-11-27T10:00:00Z").build());
    setStatus(
        "b",
        new JobStatusBuilder()
            .withSucceeded(1)
            .withStartTime("2026-11-27T10:00:00Z")
            .withCompletionTime("2026-11-27T16:00:00Z")
            .build());
    setStatus(
        "c",
        new JobStatusBuilder()
            .withStartTime("2026-11-27T10:00:00Z")
            .withConditions(
                new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .withMessage("BackoffLimitExceeded")
                    .withLastTransitionTime("2026-11-27T11:00:00Z")
                    .build())
            .build());

    Map<String, RunStatus> byId = new java.util.HashMap<>();
    jobs.statuses("team-ada").forEach(status -> byId.put(status.runId(), status));

    assertThat(byId.get("a").phase()).isEqualTo(RunStatus.Phase.RUNNING);
    assertThat(byId.get("a").startedAt()).contains(java.time.Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(byId.get("b").phase()).isEqualTo(RunStatus.Phase.SUCCEEDED);
    assertThat(byId.get("b").finishedAt())
        .contains(java.time.Instant.parse("2026-11-27T16:00:00Z"));
    assertThat(byId.get("c").phase()).isEqualTo(RunStatus.Phase.FAILED);
    assertThat(byId.get("c").reason()).isEqualTo("BackoffLimitExceeded");
    assertThat(byId.get("d").phase()).isEqualTo(RunStatus.Phase.SUSPENDED);
  }

  /** The pod the Job controller would make for a run, in the given state. */
  static Pod pod(String runId, String name, PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team-ada")
        .withLabels(Map.of(KubernetesJobs.MANAGED_BY, "carbonq", KubernetesJobs.RUN_ID, runId))
        .endMetadata()
        .withStatus(status)
        .build();
  }

  /** The run's status once the cluster's change has reached the informers, within 10 s. */
  RunStatus awaitStatus(String runId, java.util.function.Predicate<RunStatus> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    RunStatus last = null;
    while (System.nanoTime() < deadline) {
      last =
          jobs.statuses("team-ada").stream()
              .filter(status -> status.runId().equals(runId))
              .findFirst()
              .orElse(null);
      if (last != null && until.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("status of " + runId + " stayed " + last);
  }

  @Test
  void informersFollowTheJobAndItsPodsWithoutAskingTheClusterAgain() throws Exception {
    jobs.start(spec("train-a", false));
    setStatus(
        "train-a",
        new JobStatusBuilder().withActive(1).withStartTime("2026-11-27T10:00:00Z").build());
    client
        .pods()
        .resource(
            pod(
                "train-a",
                "carbonq-train-a-x7k2p",
                new PodStatusBuilder()
                    .withPhase("Pending")
                    .addNewContainerStatus()
                    .withName("train")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"ghcr.io/lab/train:1.4\"")
                    .endWaiting()
                    .endState()
                    .endContainerStatus()
                    .build()))
        .create();

    // The Job counts the pod as active, but it cannot start: pending, and why.
    RunStatus stuck = awaitStatus("train-a", s -> s.reason().contains("ImagePullBackOff"));
    assertThat(stuck.phase()).isEqualTo(RunStatus.Phase.PENDING);
    assertThat(stuck.reason())
        .isEqualTo("pending: ImagePullBackOff: Back-off pulling image \"ghcr.io/lab/train:1.4\"");

    while (server.takeRequest(200, TimeUnit.MILLISECONDS) != null) {
      // what was asked so far
    }
    for (int i = 0; i < 20; i++) {
      jobs.statuses("team-ada");
    }
    RecordedRequest asked = server.takeRequest(200, TimeUnit.MILLISECONDS);
    assertThat(asked).as("a request after the informers synced").isNull();

    client
        .pods()
        .resource(
            pod(
                "train-a",
                "carbonq-train-a-x7k2p",
                new PodStatusBuilder().withPhase("Running").build()))
        .update();
    RunStatus running = awaitStatus("train-a", s -> s.phase() == RunStatus.Phase.RUNNING);
    assertThat(running.startedAt()).contains(java.time.Instant.parse("2026-11-27T10:00:00Z"));
  }

  @Test
  void aPodNoNodeCanTakeIsPendingWithTheSchedulersWords() throws Exception {
    jobs.start(spec("train-a", false));
    client
        .pods()
        .resource(
            pod(
                "train-a",
                "carbonq-train-a-q9m4z",
                new PodStatusBuilder()
                    .withPhase("Pending")
                    .addNewCondition()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                    .endCondition()
                    .build()))
        .create();

    RunStatus pending = awaitStatus("train-a", s -> s.reason().contains("unschedulable"));

    assertThat(pending.reason())
        .isEqualTo(
            "pending: unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");
  }

  @Test
  void anInterruptibleRunIsPausedAndResumedBySuspend() {
    jobs.start(spec("sweep-1", true));

    jobs.suspend("team-ada", "sweep-1", false);
    assertThat(read("sweep-1").getSpec().getSuspend()).isFalse();
    jobs.suspend("team-ada", "sweep-1", true);
    assertThat(read("sweep-1").getSpec().getSuspend()).isTrue();
  }

  @Test
  void cancellationDeletesTheJobAndAGoneJobIsNoError() {
    jobs.start(spec("train-a", false));

    jobs.delete("team-ada", "train-a");
    jobs.delete("team-ada", "train-a");

    assertThat(jobs.status("team-ada", "train-a")).isEmpty();
  }

  @Test
  void longRunIdsGiveValidStableNames() {
    String id = "a-very-long-sweep-name-for-a-learning-rate-and-batch-size-grid-000";

    String name = KubernetesJobs.jobName(id);

    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(KubernetesJobs.jobName(id)).isEqualTo(name);
    assertThat(KubernetesJobs.jobName(id.replace("000", "001"))).isNotEqualTo(name);
  }

  @Test
  void aRunIdNoLabelCanHoldIsLabelledByItsNameAndReadBackWhole() {
    String id = "a-team-with-a-long-name_" + "lr-sweep-for-a-learning-rate-and-batch-size-grid-003";

    assertThat(jobs.start(spec(id, false))).isTrue();

    Job job = read(id);
    String label = job.getMetadata().getLabels().get(KubernetesJobs.RUN_ID);
    assertThat(label).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(KubernetesJobs.RUN_ID, id);
    assertThat(jobs.statuses("team-ada")).extracting(RunStatus::runId).containsExactly(id);
    assertThat(jobs.status("team-ada", id)).isPresent();
  }

  @Test
  void idsThatDifferOnlyInCharactersANameCannotHoldGetDifferentNames() {
    List<String> ids =
        List.of("lr.0", "lr-0", "LR-0", "lr_0", "lr--0", "lr-0-", "lr..0", "a".repeat(60));

    List<String> names = ids.stream().map(KubernetesJobs::jobName).toList();

    assertThat(names).doesNotHaveDuplicates();
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(name)
                    .hasSizeLessThanOrEqualTo(63)
                    .matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"));
    assertThat(KubernetesJobs.jobName("lr-0")).isEqualTo("carbonq-lr-0");
    assertThat(KubernetesJobs.jobName("lr.0")).startsWith("carbonq-lr-0--");
  }

  private void setStatus(String id, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    Job job = read(id);
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace("team-ada").resource(job).updateStatus();
  }
}
