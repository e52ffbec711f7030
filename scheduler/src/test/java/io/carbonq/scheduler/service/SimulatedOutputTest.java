package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lines the simulated cluster's runs print, and how many jobs' it keeps. */
class SimulatedOutputTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");

  @Test
  void aFasterThanRealTimeRunSaysHowMuchFaster() {
    SimulatedOutput output = new SimulatedOutput(60);

    output.started("ada_train-a", T0, "frankfurt-a100", Duration.ofHours(6));

    assertThat(output.logs("ada_train-a").get(0).text())
        .isEqualTo(
            "2023-03-01T00:00:00Z simulated run on frankfurt-a100: 6h of work, run 60× faster\n");
  }

  @Test
  void theOutputOfTheLastJobsToStartIsKept() {
    SimulatedOutput output = new SimulatedOutput(1);

    for (int i = 0; i <= SimulatedOutput.JOBS_KEPT; i++) {
      output.started("job-" + i, T0, "frankfurt-a100", Duration.ofHours(1));
    }

    assertThat(output.logs("job-0")).isEmpty();
    assertThat(output.logs("job-1")).hasSize(1);
    assertThat(output.logs("job-" + SimulatedOutput.JOBS_KEPT)).hasSize(1);
  }
}
