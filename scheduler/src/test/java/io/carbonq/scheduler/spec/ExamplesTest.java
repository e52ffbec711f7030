package io.carbonq.scheduler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.fleet.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The files in examples/, which the docs show: the specs are valid against the default fleet, the
 * configurations load.
 */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  final JobSpecReader reader =
      new JobSpecReader(new Fleet(ConfigLoader.bundledDefault()), () -> "generated");
  final Instant now = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void theJobExamplesAreValid() throws Exception {
    for (String name : new String[] {"train-job.yaml", "multi-region-job.yaml"}) {
      var workload =
          reader.job(JobSpecReader.parse(Files.readString(EXAMPLES.resolve(name))), "ada", now);
      assertThat(workload.id()).isNotEqualTo("generated");
    }
  }

  @Test
  void theSweepExampleMakesSixTrials() throws Exception {
    var sweep =
        reader.sweep(
            JobSpecReader.parse(Files.readString(EXAMPLES.resolve("lr-sweep.yaml"))), "ada", now);

    assertThat(sweep.trials()).hasSize(6);
    assertThat(sweep.maxParallel()).isEqualTo(4);
  }

  @Test
  void theClusterConfigurationsLoad() throws Exception {
    for (String name : new String[] {"carbonq-kind.yaml", "carbonq-gke-eks.yaml"}) {
      var config = ConfigLoader.parse(Files.readString(EXAMPLES.resolve(name)), name);

      assertThat(config.executor().type()).isEqualTo("kubernetes");
      config
          .pools()
          .forEach(pool -> assertThat(config.executor().target(pool.name()).context()).isPresent());
    }
  }

  @Test
  void theKueueConfigurationNominatesAWorkerClusterPerPool() throws Exception {
    var config =
        ConfigLoader.parse(
            Files.readString(EXAMPLES.resolve("carbonq-kueue.yaml")), "carbonq-kueue.yaml");

    var kueue = config.executor().kueue().orElseThrow();
    assertThat(kueue.pools()).containsExactlyInAnyOrder("frankfurt-a100", "toronto-a100");
    assertThat(kueue.workerClusters()).containsEntry("toronto-a100", "worker-ca");
  }
}
