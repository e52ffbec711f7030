package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that does not lead plans and dispatches nothing; it takes the cycle over when it is
 * elected, and hands it back when it stops leading. (The election on a Lease itself is tested in
 * the k8s module against the Kubernetes mock server.)
 */
class LeadershipTest {
  @TempDir Path data;

  /** The election as this replica hears it, switched by the test. */
  static final class Election implements Leadership {
    private Consumer<Boolean> listener;

    @Override
    public void watch(Consumer<Boolean> onChange) {
      listener = onChange;
      onChange.accept(false);
    }

    void lead(boolean leading) {
      listener.accept(leading);
    }
  }

  @Test
  void onlyTheLeaderPlansAndDispatches() throws Exception {
    CarbonqConfig config =
        ConfigLoader.parse(
            new String(
                ConfigLoader.class.getResourceAsStream("carbonq-default.yaml").readAllBytes(),
                StandardCharsets.UTF_8),
            "test");
    Instant now = Instant.parse("2023-06-01T12:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    Fleet fleet = new Fleet(config);
    ForecastSources sources = new ForecastSources(config, Map.of(), clock, data.resolve("cache"));
    Election election = new Election();

    try (ServerRuntime server =
        new ServerRuntime(
            Database.embedded(data),
            fleet,
            sources.chain(),
            Optional.empty(),
            new SimulatedExecutor(1),
            clock,
            new ServerRuntime.Options(
                "127.0.0.1", 0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), election))) {
      QueueService service = server.service();
      Workload job = anHourInFrankfurt("job-1", now);
      service.submit(job, Optional.empty());

      Thread.sleep(3000);
      assertThat(service.get("job-1").orElseThrow().state()).isEqualTo(JobState.QUEUED);

      election.lead(true);
      awaitState(service, JobState.PLANNED);

      election.lead(false);
      // A trigger the scheduler had already taken may still fire once; then nothing does.
      Thread.sleep(1500);
      Workload second = anHourInFrankfurt("job-2", now);
      service.submit(second, Optional.empty());
      // Planning fires every second while leading; standing by, it does not.
      Thread.sleep(4000);
      assertThat(service.get("job-2").orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }
  }

  private static Workload anHourInFrankfurt(String id, Instant now) {
    return Workload.builder(id)
        .duration(Duration.ofHours(1))
        .earliestStart(now)
        .deadline(now.plus(Duration.ofDays(1)))
        .regions(List.of("gcp:europe-west3"))
        .build();
  }

  private static void awaitState(QueueService service, JobState state) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (service.get("job-1").orElseThrow().state() != state) {
      if (System.nanoTime() > until) {
        throw new AssertionError(
            "job-1 is " + service.get("job-1").orElseThrow().state() + ", not " + state);
      }
      Thread.sleep(100);
    }
  }
}
