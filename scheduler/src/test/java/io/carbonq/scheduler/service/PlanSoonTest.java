package io.carbonq.scheduler.service;

import static io.carbonq.scheduler.service.QueueServiceTest.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A submission that arrives while a planning cycle runs is planned right after it. */
class PlanSoonTest {
  final MovableClock clock = new MovableClock(QueueServiceTest.MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final ForecastSource traces =
      new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
  final Database database = Database.inMemory("plan-soon-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());

  /** Once armed, the next forecast call waits until released: a cycle caught in the middle. */
  final AtomicBoolean armed = new AtomicBoolean();

  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);

  final ForecastSource heldOnce =
      new ForecastSource() {
        @Override
        public String id() {
          return "held";
        }

        @Override
        public Set<String> zones() {
          return traces.zones();
        }

        @Override
        public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
          if (armed.compareAndSet(true, false)) {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return traces.forecast(zone, issuedAt, horizon);
        }

        @Override
        public IntensitySeries actuals(String zone, Instant from, Instant to) {
          return traces.actuals(zone, from, to);
        }
      };

  @AfterEach
  void close() {
    release.countDown();
    database.close();
  }

  @Test
  void aSubmissionDuringACycleIsPlannedByTheNextOneNotByTheTimer() throws Exception {
    QueueService service =
        new QueueService(store, fleet, heldOnce, new SimulatedExecutor(1), clock);
    try (QuartzCycle cycle =
        new QuartzCycle(
            database, service, Optional.empty(), Duration.ofHours(1), Duration.ofHours(1))) {
      cycle.lead(true);
      ServeProcess.waitUntil(
          Duration.ofSeconds(20),
          () -> service.health().problems().isEmpty() && ended(service),
          "the first cycle");
      armed.set(true);
      service.submit(job("first", Duration.ofHours(36)), Optional.empty());
      cycle.planSoon();
      assertThat(entered.await(20, TimeUnit.SECONDS)).as("the cycle for 'first' started").isTrue();

      service.submit(job("second", Duration.ofHours(36)), Optional.empty());
      cycle.planSoon();
      release.countDown();

      ServeProcess.waitUntil(
          Duration.ofSeconds(20),
          () -> service.get("second").orElseThrow().state() == JobState.PLANNED,
          "'second' to be planned");
      assertThat(service.get("first").orElseThrow().state()).isEqualTo(JobState.PLANNED);
    }
  }

  private static boolean ended(QueueService service) {
    return service.health().cyclesEnded() == 1;
  }
}
