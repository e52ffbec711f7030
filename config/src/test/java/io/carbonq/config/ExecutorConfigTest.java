package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorConfigTest {
  static final String POOLS =
      "pools:\n  - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}\n";

  @Test
  void readsTheKubernetesTargetOfEachPool() {
    CarbonqConfig config =
        ConfigLoader.parse(
            POOLS
                + """
                executor:
                  type: kubernetes
                  namespace: "team-{owner}"
                  terminationGrace: 5m
                  kueueQueue: gpu-queue
                  prometheus: http://prometheus.monitoring:9090
                  pools:
                    frankfurt-a100:
                      context: gke-europe-west3
                      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-tesla-a100}
                      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                """,
            "t");

    ExecutorConfig executor = config.executor();
    assertThat(executor.type()).isEqualTo("kubernetes");
    assertThat(executor.namespace()).isEqualTo("team-{owner}");
    assertThat(executor.terminationGrace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(executor.kueueQueue()).contains("gpu-queue");
    assertThat(executor.prometheus()).contains("http://prometheus.monitoring:9090");
    ExecutorConfig.PoolTarget target = executor.target("frankfurt-a100");
    assertThat(target.context()).contains("gke-europe-west3");
    assertThat(target.nodeSelector())
        .isEqualTo(Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-a100"));
    assertThat(target.tolerations())
        .containsExactly(
            new ExecutorConfig.TolerationConfig("nvidia.com/gpu", "Exists", null, "NoSchedule"));
    assertThat(ConfigLoader.parse(POOLS, "t").executor()).isEqualTo(ExecutorConfig.simulated());
  }

  @Test
  void namesWhatIsWrong() {
    try {
      ConfigLoader.parse(
          POOLS + "executor: {type: kubernets, namespace: Team_A, pools: {frankfurt-a10: {}}}\n",
          "t");
      throw new AssertionError("expected errors");
    } catch (ConfigException e) {
      assertThat(e.errors().stream().map(ConfigError::toString).toList())
          .containsExactly(
              "executor.type: unknown executor 'kubernets'; did you mean kubernetes? known: simulated, kubernetes",
              "executor.namespace: must be a Kubernetes namespace name (lower-case letters, digits, '-'), optionally with {owner}, got 'Team_A'",
              "executor.pools.frankfurt-a10: no pool is named 'frankfurt-a10'; did you mean frankfurt-a100? known: frankfurt-a100");
    }
  }

  @Test
  void readsTheLeaderElectionWithItsDefaults() {
    CarbonqConfig config =
        ConfigLoader.parse(
            POOLS + "executor: {type: kubernetes, leaderElection: {namespace: carbonq}}\n", "t");

    assertThat(config.executor().leaderElection())
        .contains(
            new ExecutorConfig.LeaderElection(
                "carbonq-leader", java.util.Optional.of("carbonq"), java.util.Optional.empty()));
  }

  @Test
  void aLeaderElectionNeedsAClusterAndKubernetesNames() {
    try {
      ConfigLoader.parse(
          POOLS
              + "executor: {type: simulated, leaderElection: {lease: Leader_1, namespace: A, ttl: 3}}\n",
          "t");
      throw new AssertionError("expected errors");
    } catch (ConfigException e) {
      assertThat(e.errors().stream().map(ConfigError::toString).toList())
          .anySatisfy(m -> assertThat(m).startsWith("executor.leaderElection.ttl: unknown field"))
          .contains(
              "executor.leaderElection: needs executor.type kubernetes: the lease lives on a cluster",
              "executor.leaderElection.lease: must be a Kubernetes object name (lower-case letters, digits, '-', '.'), got 'Leader_1'",
              "executor.leaderElection.namespace: must be a Kubernetes namespace name (lower-case letters, digits, '-'), got 'A'");
    }
  }
}
