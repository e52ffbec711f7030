package io.carbonq.scheduler.domain;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void theLatestStartStillFinishesByTheDeadline() {
    Workload job =
        aWorkload("job")
            .duration(Duration.ofHours(6))
            .deadline(T0.plus(Duration.ofHours(10)))
            .build();

    assertThat(job.latestStart()).isEqualTo(T0.plus(Duration.ofHours(4)));
    assertThat(job.homeRegion()).isEqualTo("r1");
  }

  @Test
  void rejectsSpecsThatCannotBeRunNamingTheWorkload() {
    assertThatThrownBy(() -> aWorkload("job").gpus(0).build())
        .hasMessage("workload job: gpus must be > 0, got 0");
    assertThatThrownBy(() -> aWorkload("job").regions(List.of()).build())
        .hasMessage("workload job: at least one region is needed");
    assertThatThrownBy(() -> aWorkload("Job_1").build())
        .hasMessage("workload id 'Job_1' must be 1-63 lower-case letters, digits, '-' or '.'");
    assertThatThrownBy(
            () ->
                aWorkload("job")
                    .duration(Duration.ofHours(6))
                    .deadline(T0.plus(Duration.ofHours(5)))
                    .build())
        .hasMessageStartingWith(
            "workload job: deadline 2023-03-01T05:00:00Z is before earliest start");
  }
}
