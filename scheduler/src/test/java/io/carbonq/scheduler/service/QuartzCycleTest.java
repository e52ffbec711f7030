package io.carbonq.scheduler.service;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Quartz-driven cycle does on its own, with a real scheduler on an embedded store. */
class QuartzCycleTest {
  final MovableClock clock = new MovableClock(QueueServiceTest.MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final ForecastSource traces =
      new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
  final Database database = Database.inMemory("quartz-cycle-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());

  @AfterEach
  void close() {
    database.close();
  }

  /**
   * The dispatch trigger fires once at start and then not for an hour, as when the replica holding
   * it hangs: the planning cycle alone starts the job, hears that it runs and that it ended.
   */
  @Test
  void thePlanningCycleAloneCarriesAJobToItsEnd() throws Exception {
    QueueService service = new QueueService(store, fleet, traces, new SimulatedExecutor(1), clock);
    try (QuartzCycle cycle =
        new QuartzCycle(
            database, service, Optional.empty(), Duration.ofSeconds(1), Duration.ofHours(1))) {
      cycle.lead(true);
      ServeProcess.waitUntil(
          Duration.ofSeconds(20), () -> service.health().cyclesEnded() >= 1, "the first cycle");
      service.submit(mustStartNow(), Optional.empty());

      ServeProcess.waitUntil(
          Duration.ofSeconds(20),
          () -> service.get("urgent").orElseThrow().state() == JobState.RUNNING,
          "'urgent' to run");
      clock.now = clock.now.plus(Duration.ofHours(2));
      ServeProcess.waitUntil(
          Duration.ofSeconds(20),
          () -> service.get("urgent").orElseThrow().state() == JobState.SUCCEEDED,
          "'urgent' to succeed");
    }
  }

  /** An hour of work with no slack: its plan starts now. */
  private static Workload mustStartNow() {
    return Workload.builder("urgent")
        .owner("ada")
        .image("train:1")
        .gpus(1)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(1))
        .earliestStart(QueueServiceTest.MONDAY)
        .deadline(QueueServiceTest.MONDAY.plus(Duration.ofHours(1)))
        .regions(List.of("gcp:europe-west3"))
        .build();
  }
}
