package io.carbonq.k8s.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** charts/carbonq: it lints strictly, and renders the objects its values ask for. */
class HelmChartTest {
  static final Path CHART = Path.of("..", "charts", "carbonq");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws IOException {
    String manifests =
        values
            .apply(new Helm(CHART).template().withName("carbonq").withNamespace("carbonq"))
            .call();
    List<JsonNode> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(manifests)) {
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        JsonNode node = iterator.next();
        if (node != null && node.has("kind")) {
          objects.add(node);
        }
      }
    }
    return objects;
  }

  static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> matching =
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    assertThat(matching).as(kind).hasSize(1);
    return matching.get(0);
  }

  static List<String> kinds(List<JsonNode> objects) {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }

  @Test
  void theChartLintsStrictly() {
    var result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void theDefaultsRunOneReplicaOnTheEmbeddedDatabaseWithProbesAndLeastPrivilege()
      throws IOException {
    List<JsonNode> objects = render(command -> command);

    assertThat(kinds(objects))
        .contains(
            "Deployment",
            "Service",
            "ServiceAccount",
            "ConfigMap",
            "PersistentVolumeClaim",
            "Role",
            "RoleBinding")
        .doesNotContain("ServiceMonitor", "ClusterRole");
    JsonNode deployment = only(objects, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(only(objects, "Service").at("/spec/sessionAffinity").isMissingNode()).isTrue();
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.path("args").toString())
        .contains("serve")
        .contains("/etc/carbonq/carbonq.yaml");
    JsonNode role = only(objects, "Role");
    assertThat(role.at("/metadata/namespace").asText()).isEqualTo("carbonq-jobs");
    assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("jobs");
    assertThat(role.at("/rules/1/verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
    String config = only(objects, "ConfigMap").at("/data/carbonq.yaml").asText();
    assertThat(YAML.readTree(config).at("/executor/type").asText()).isEqualTo("kubernetes");
    // One replica leads alone: no election, no Lease access.
    assertThat(YAML.readTree(config).at("/executor/leaderElection").isMissingNode()).isTrue();
    // The default values make a configuration carbonq serve loads as it is.
    var loaded = io.carbonq.config.ConfigLoader.parse(config, "carbonq.yaml");
    assertThat(loaded.policy().pauseInterruptible()).isTrue();
    assertThat(loaded.executor().terminationGrace()).hasMinutes(2);
  }

  @Test
  void postgresSecretsAndMonitoringAreWiredFromValues() throws IOException {
    List<JsonNode> objects =
        render(
            command ->
                command
                    .set("replicas", 3)
                    .set("database.url", "jdbc:postgresql://db:5432/carbonq")
                    .set("database.existingSecret", "carbonq-db")
                    .set("adminToken.existingSecret", "carbonq-admin")
                    .set("sourceSecrets[0].name", "ELECTRICITYMAPS_TOKEN")
                    .set("sourceSecrets[0].secret", "carbonq-keys")
                    .set("sourceSecrets[0].key", "electricitymaps")
                    .set("serviceMonitor.enabled", true)
                    .set("grafanaDashboard.enabled", true)
                    .set("jobNamespaces[0]", "team-ada")
                    .set("jobNamespaces[1]", "team-grace"));

    assertThat(kinds(objects)).doesNotContain("PersistentVolumeClaim").contains("ServiceMonitor");
    JsonNode deployment = only(objects, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    // A dashboard login lives on one replica: its browser must keep reaching that one.
    assertThat(only(objects, "Service").at("/spec/sessionAffinity").asText()).isEqualTo("ClientIP");
    Map<String, JsonNode> env = new java.util.HashMap<>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(e -> env.put(e.path("name").asText(), e));
    assertThat(env.get("CARBONQ_DATABASE_URL").path("value").asText())
        .isEqualTo("jdbc:postgresql://db:5432/carbonq");
    assertThat(env.get("CARBONQ_DATABASE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("carbonq-db");
    assertThat(env.get("CARBONQ_ADMIN_TOKEN").at("/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("token");
    assertThat(env.get("ELECTRICITYMAPS_TOKEN").at("/valueFrom/secretKeyRef/key").asText())
        .isEqualTo("electricitymaps");
    assertThat(
            objects.stream()
                .filter(o -> o.path("kind").asText().equals("Role"))
                .filter(o -> o.at("/metadata/name").asText().endsWith("-jobs"))
                .map(o -> o.at("/metadata/namespace").asText()))
        .containsExactly("team-ada", "team-grace");
    // Three replicas elect a leader on a Lease: the pod's name and namespace, the Lease's RBAC,
    // and the election in carbonq.yaml.
    assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.name");
    JsonNode leaderRole =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals("Role"))
            .filter(o -> o.at("/metadata/name").asText().endsWith("-leader"))
            .findFirst()
            .orElseThrow();
    assertThat(leaderRole.at("/rules/0/apiGroups/0").asText()).isEqualTo("coordination.k8s.io");
    assertThat(leaderRole.at("/rules/0/resources/0").asText()).isEqualTo("leases");
    String config =
        objects.stream()
            .filter(o -> o.at("/data/carbonq.yaml").isTextual())
            .findFirst()
            .orElseThrow()
            .at("/data/carbonq.yaml")
            .asText();
    assertThat(YAML.readTree(config).at("/executor/leaderElection/lease").asText())
        .endsWith("-leader");
    JsonNode dashboard =
        objects.stream()
            .filter(o -> o.at("/metadata/name").asText().endsWith("-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(YAML.readTree(dashboard.at("/data/carbonq.json").asText()).path("panels").toString())
        .contains("carbonq_planned_kgco2e")
        .contains("carbonq_forecast_trouble_total");
  }

  @Test
  void theKueueSwitchAddsTheAdmissionCheckItsRbacAndTheConfiguration() throws IOException {
    List<JsonNode> objects =
        render(
            command ->
                command
                    .set("kueue.enabled", true)
                    .set("kueue.pools[0]", "a100")
                    .set("kueue.workerClusters.a100", "worker-eu"));

    JsonNode check = only(objects, "AdmissionCheck");
    assertThat(check.at("/spec/controllerName").asText()).isEqualTo("carbonq.io/carbon-window");
    assertThat(check.at("/metadata/name").asText()).isEqualTo("carbonq-carbon-window");
    JsonNode role = only(objects, "ClusterRole");
    assertThat(role.at("/rules/0/resources").toString())
        .isEqualTo("[\"workloads\",\"admissionchecks\"]");
    assertThat(role.at("/rules/1/resources").toString())
        .isEqualTo("[\"workloads/status\",\"admissionchecks/status\"]");
    assertThat(role.at("/rules/1/verbs").toString()).doesNotContain("create", "delete");
    assertThat(only(objects, "ClusterRoleBinding").at("/subjects/0/namespace").asText())
        .isEqualTo("carbonq");
    String config = only(objects, "ConfigMap").at("/data/carbonq.yaml").asText();
    var loaded = io.carbonq.config.ConfigLoader.parse(config, "carbonq.yaml");
    var kueue = loaded.executor().kueue().orElseThrow();
    assertThat(kueue.pools()).containsExactly("a100");
    assertThat(kueue.defaultDuration()).hasHours(4);
    assertThat(kueue.defaultSlack()).hasHours(12);
    assertThat(kueue.workerClusters()).containsEntry("a100", "worker-eu");
    assertThat(kinds(render(command -> command))).doesNotContain("AdmissionCheck");
    // A context the config gives stays; without a cluster executor the switch is refused.
    String withContext =
        only(
                render(
                    command ->
                        command
                            .set("kueue.enabled", true)
                            .set("config.executor.kueue.context", "gke-eu")),
                "ConfigMap")
            .at("/data/carbonq.yaml")
            .asText();
    assertThat(YAML.readTree(withContext).at("/executor/kueue/context").asText())
        .isEqualTo("gke-eu");
    assertThatThrownBy(
            () ->
                render(
                    command ->
                        command
                            .set("kueue.enabled", true)
                            .set("config.executor.type", "simulated")))
        .hasMessageContaining("kueue.enabled needs config.executor.type: kubernetes");
  }

  @Test
  void severalReplicasWithoutPostgresAreRefused() {
    assertThatThrownBy(() -> render(command -> command.set("replicas", 2)))
        .hasMessageContaining("replicas > 1 needs database.url");
  }
}
