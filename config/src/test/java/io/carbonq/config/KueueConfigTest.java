package io.carbonq.config;

import static io.carbonq.config.ConfigLoaderTest.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KueueConfigTest {
  private static final String POOLS =
      "pools:\n"
          + "  - {name: a100, region: gcp:europe-west4, gpuModel: A100, gpus: 8}\n"
          + "  - {name: h100, region: gcp:europe-west4, gpuModel: H100, gpus: 8}\n";

  @Test
  void kueueWorkloadsUseTheNamedPoolsAndTheDefaultsWhereTheirAnnotationsSayNothing() {
    CarbonqConfig config =
        ConfigLoader.parse(
            POOLS
                + "executor:\n  type: kubernetes\n"
                + "  kueue: {pools: [h100], defaultDuration: 2h, context: gke-eu}\n",
            "t");

    ExecutorConfig.KueueAdmission kueue = config.executor().kueue().orElseThrow();
    assertThat(kueue.pools()).containsExactly("h100");
    assertThat(kueue.defaultDuration()).isEqualTo(Duration.ofHours(2));
    assertThat(kueue.defaultSlack()).isEqualTo(Duration.ofHours(12));
    assertThat(kueue.context()).contains("gke-eu");
    assertThat(
            ConfigLoader.parse(POOLS + "executor: {type: kubernetes, kueue: {}}\n", "t")
                .executor()
                .kueue()
                .orElseThrow()
                .pools())
        .containsExactly("a100", "h100");
    assertThat(ConfigLoader.parse(POOLS, "t").executor().kueue()).isEmpty();
  }

  @Test
  void withMultiKueueThePoolsAreThoseOfTheWorkerClusters() {
    ExecutorConfig.KueueAdmission kueue =
        ConfigLoader.parse(
                POOLS
                    + "executor:\n  type: kubernetes\n"
                    + "  kueue: {workerClusters: {h100: worker-eu}}\n",
                "t")
            .executor()
            .kueue()
            .orElseThrow();

    assertThat(kueue.pools()).containsExactly("h100");
    assertThat(kueue.workerClusters()).containsExactly(java.util.Map.entry("h100", "worker-eu"));
    assertThat(
            errorsOf(
                POOLS
                    + "executor:\n  type: kubernetes\n"
                    + "  kueue: {workerClusters: {h10: worker-eu, a100: 3}}\n"))
        .containsExactlyInAnyOrder(
            "executor.kueue.workerClusters.h10: no pool is named 'h10'; did you mean h100? known:"
                + " a100, h100",
            "executor.kueue.workerClusters.a100: must be the name of the pool's MultiKueueCluster");
  }

  @Test
  void aWrongKueueSectionIsNamedWithItsFix() {
    assertThat(
            errorsOf(
                POOLS
                    + "executor:\n  type: simulated\n"
                    + "  kueue: {pools: [a10], defaultDuration: 0h, defaultSlack: 90d, queue: x}\n"))
        .containsExactlyInAnyOrder(
            "executor.kueue: needs executor.type: kubernetes (Kueue runs in a cluster)",
            "executor.kueue.pools[0]: no pool is named 'a10'; did you mean a100? known: a100, h100",
            "executor.kueue.defaultDuration: must be more than 0 and at most 30d, got 0m",
            "executor.kueue.defaultSlack: must be at most 30d, got 90d",
            "executor.kueue.queue: unknown field; known: pools, defaultDuration, defaultSlack,"
                + " context, workerClusters");
  }
}
