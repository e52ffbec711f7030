package io.carbonq.scheduler.domain;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  }

  @Test
  void hasNoHomeUnlessGivenOneAndKeepsItWhenCopied() {
    Workload plain = aWorkload("job").regions(List.of("r1", "r2")).build();
    Workload homed = aWorkload("job").regions(List.of("r2")).home("r1").build();

    assertThat(plain.home()).isEmpty();
    assertThat(homed.home()).contains("r1");
    assertThat(Workload.builder("copy").like(homed).build().home()).contains("r1");
    assertThatThrownBy(() -> aWorkload("job").home(" ").build())
        .hasMessage("workload job: home must name a region");
  }

  @Test
  void rejectsSpecsThatCannotBeRunNamingTheWorkload() {
    assertThatThrownBy(() -> aWorkload("job").gpus(0).build())
        .hasMessage("workload job: gpus must be > 0, got 0");
    assertThatThrownBy(() -> aWorkload("job").regions(List.of()).build())
        .hasMessage("workload job: at least one region is needed");
    assertThatThrownBy(() -> aWorkload("Job_1").build())
        .hasMessage(
            "workload id 'Job_1' must be 1-63 lower-case letters, digits, '-' or '.', after its owner"
                + " and '_' where it has one");
    assertThatThrownBy(
            () ->
                aWorkload("job")
                    .duration(Duration.ofHours(6))
                    .deadline(T0.plus(Duration.ofHours(5)))
                    .build())
        .hasMessageStartingWith(
            "workload job: deadline 2023-03-01T05:00:00Z is before earliest start");
  }

  @Test
  void refusesWhatTheQueueCannotStoreExactly() {
    assertThatThrownBy(() -> aWorkload("job").duration(Duration.ofMillis(500)).build())
        .hasMessage(
            "workload job: duration must be a whole number of seconds (the queue stores whole"
                + " seconds), got PT0.5S");
    assertThatThrownBy(() -> aWorkload("job").duration(Duration.ofSeconds(3600, 1)).build())
        .hasMessageContaining("duration must be a whole number of seconds");
    assertThatThrownBy(() -> aWorkload("job").duration(Duration.ZERO).build())
        .hasMessage("workload job: duration must be positive");
    assertThatThrownBy(() -> aWorkload("job").command(List.of("python", "a\0b")).build())
        .hasMessage("workload job: command holds a NUL character at index 1");
    assertThatThrownBy(() -> aWorkload("job").env(Map.of("KEY", "\ud800")).build())
        .hasMessage("workload job: env KEY holds half of a UTF-16 surrogate pair at index 0");
    assertThatThrownBy(
            () -> aWorkload("job").earliestStart(Instant.MIN).deadline(Instant.MAX).build())
        .hasMessageContaining("earliestStart -1000000000-01-01T00:00:00Z is outside");
  }

  @Test
  void aHugeDurationIsRefusedWithoutOverflowing() {
    assertThatThrownBy(() -> aWorkload("job").duration(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .hasMessageStartingWith("workload job: deadline");
  }

  @Test
  void refusesVolumesThatShareANameOrAMountPath() {
    Volume data = new Volume("data", "/data", Volume.Kind.EMPTY_DIR, "", false);

    assertThatThrownBy(
            () ->
                aWorkload("job")
                    .volumes(
                        List.of(
                            data, new Volume("data", "/other", Volume.Kind.EMPTY_DIR, "", false)))
                    .build())
        .hasMessage("workload job: two volumes are named 'data'");
    assertThatThrownBy(
            () ->
                aWorkload("job")
                    .volumes(
                        List.of(
                            data, new Volume("other", "/data", Volume.Kind.EMPTY_DIR, "", false)))
                    .build())
        .hasMessage("workload job: two volumes are mounted at /data");
  }
}
