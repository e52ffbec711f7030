package io.carbonq.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's output, read from its pods. The pods live in Fabric8's mock server in CRUD mode; the mock
 * cannot serve a pod's log in that mode (it answers the pod list), so each log call alone is an
 * expectation.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobsLogsTest {
  KubernetesClient client;
  KubernetesMockServer server;
  KubernetesJobs jobs;

  @BeforeEach
  void start() {
    jobs = new KubernetesJobs(client);
  }

  /** A pod of run {@code runId} in {@code phase}, started at {@code start} (null: not yet). */
  void pod(String name, String runId, String phase, String start) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("team-ada")
            .addToLabels(KubernetesJobs.MANAGED_BY, "carbonq")
            .addToLabels(KubernetesJobs.RUN_ID, runId)
            .endMetadata()
            .withNewStatus()
            .withPhase(phase)
            .withStartTime(start)
            .endStatus()
            .build();
    client.pods().inNamespace("team-ada").resource(pod).create();
  }

  void log(String pod, String text) {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/team-ada/pods/"
                + pod
                + "/log?pretty=false&container=train&tailLines="
                + KubernetesJobs.MAX_LOG_LINES)
        .andReturn(200, text)
        .always();
  }

  @Test
  void eachStartedPodOfTheRunIsReadEarliestFirst() {
    // The resumed run's pod sorts before the first run's by name: the start time orders them.
    pod("carbonq-train-a-b7x2k", "ada_train-a", "Running", "2023-03-13T06:00:04Z");
    pod("carbonq-train-a-z9q4m", "ada_train-a", "Succeeded", "2023-03-13T00:00:05Z");
    pod("carbonq-train-a-c5v8n", "ada_train-a", "Pending", null);
    pod("carbonq-train-b-k2j7p", "ada_train-b", "Running", "2023-03-13T00:00:05Z");
    log("carbonq-train-a-z9q4m", "epoch 1\nepoch 2\n");
    log("carbonq-train-a-b7x2k", "restored epoch 2\nepoch 3");
    log("carbonq-train-b-k2j7p", "not train-a's\n");

    List<PodLog> logs = jobs.logs("team-ada", "ada_train-a");

    assertThat(logs)
        .containsExactly(
            new PodLog(
                "carbonq-train-a-z9q4m",
                Optional.of(Instant.parse("2023-03-13T00:00:05Z")),
                "epoch 1\nepoch 2\n"),
            new PodLog(
                "carbonq-train-a-b7x2k",
                Optional.of(Instant.parse("2023-03-13T06:00:04Z")),
                "restored epoch 2\nepoch 3"));
  }

  @Test
  void aRunWithNoPodOrOnlyPendingOnesHasNoOutput() {
    pod("carbonq-train-c-a1b2c", "ada_train-c", "Pending", null);

    assertThat(jobs.logs("team-ada", "ada_train-c")).isEmpty();
    assertThat(jobs.logs("team-ada", "ada_train-d")).isEmpty();
  }
}
