package io.carbonq.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KueueWorkloadsTest {
  static KubernetesClient client;
  final java.time.Clock clock =
      java.time.Clock.fixed(
          java.time.Instant.parse("2026-11-30T12:00:00Z"), java.time.ZoneOffset.UTC);

  static GenericKubernetesResource resource(String kind, String name, Map<String, Object> body) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("kueue.x-k8s.io/v1beta1")
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(kind.equals("Workload") ? "ml" : null)
        .endMetadata()
        .withAdditionalProperties(body)
        .build();
  }

  static Map<String, Object> podSet(int count, Map<String, Object> resources) {
    return Map.of(
        "name",
        "set-" + count,
        "count",
        count,
        "template",
        Map.of("spec", Map.of("containers", List.of(Map.of("name", "c", "resources", resources)))));
  }

  @BeforeEach
  void clean() {
    client.genericKubernetesResources(KueueWorkloads.WORKLOADS).inAnyNamespace().delete();
    client.genericKubernetesResources(KueueWorkloads.ADMISSION_CHECKS).delete();
  }

  @Test
  void onlyTheChecksCarbonqControlsAreItsAndOnlyTheirPendingWorkloadsWait() {
    KueueWorkloads kueue = new KueueWorkloads(client, clock);
    client
        .genericKubernetesResources(KueueWorkloads.ADMISSION_CHECKS)
        .resource(
            resource(
                "AdmissionCheck",
                "carbon",
                Map.of("spec", Map.of("controllerName", KueueWorkloads.CONTROLLER))))
        .create();
    client
        .genericKubernetesResources(KueueWorkloads.ADMISSION_CHECKS)
        .resource(
            resource(
                "AdmissionCheck",
                "provisioning",
                Map.of("spec", Map.of("controllerName", "kueue.x-k8s.io/provisioning-request"))))
        .create();
    Map<String, Object> spec =
        Map.of(
            "podSets",
            List.of(
                podSet(2, Map.of("limits", Map.of("nvidia.com/gpu", "4"))),
                podSet(1, Map.of("requests", Map.of("nvidia.com/gpu", 1, "cpu", "8"))),
                podSet(3, Map.of("limits", Map.of("cpu", "1")))));
    for (String[] workload :
        new String[][] {
          {"ours", "carbon", "Pending"},
          {"other", "provisioning", "Pending"},
          {"done", "carbon", "Ready"}
        }) {
      GenericKubernetesResource made =
          client
              .genericKubernetesResources(KueueWorkloads.WORKLOADS)
              .inNamespace("ml")
              .resource(resource("Workload", workload[0], Map.of("spec", spec)))
              .create();
      made.setAdditionalProperty(
          "status",
          Map.of(
              "admissionChecks",
              List.of(new java.util.HashMap<>(Map.of("name", workload[1], "state", workload[2])))));
      client
          .genericKubernetesResources(KueueWorkloads.WORKLOADS)
          .inNamespace("ml")
          .resource(made)
          .updateStatus();
    }

    Set<String> checks = kueue.checks();
    List<KueueWorkloads.Waiting> waiting = kueue.waiting(checks);

    assertThat(checks).containsExactly("carbon");
    // 2 pods × 4 GPUs (limits) + 1 pod × 1 GPU (requests) + 3 pods without GPUs.
    assertThat(waiting)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.name()).isEqualTo("ours");
              assertThat(w.gpus()).isEqualTo(9);
            });
    kueue.markActive(checks);
    assertThat(
            client
                .genericKubernetesResources(KueueWorkloads.ADMISSION_CHECKS)
                .withName("carbon")
                .get()
                .getAdditionalProperties()
                .toString())
        .contains("type=Active", "status=True");
    kueue.setCheck("ml", "ours", checks, KueueWorkloads.CheckState.READY, "go");
    assertThat(kueue.waiting(checks)).isEmpty();
    assertThat(kueue.state("ml", "ours", checks).orElseThrow().checkState()).isEqualTo("Ready");
    assertThat(kueue.state("ml", "gone", checks)).isEmpty();
  }
}
