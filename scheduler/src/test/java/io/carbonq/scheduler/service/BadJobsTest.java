package io.carbonq.scheduler.service;

import static io.carbonq.scheduler.service.QueueServiceTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.testing.MovableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One bad job, or a failing cycle, never stops the queue, and readiness says so when it does. */
class BadJobsTest {
  final MovableClock clock = new MovableClock(QueueServiceTest.MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final ForecastSource traces =
      new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
  final Database database = Database.inMemory("bad-jobs-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aJobWhoseStoredSpecCannotBeReadFailsAndEveryOtherJobIsPlanned() throws Exception {
    QueueService service = new QueueService(store, fleet, traces, new SimulatedExecutor(1), clock);
    service.submit(job("poison", Duration.ofHours(36)), Optional.empty());
    service.submit(job("healthy", Duration.ofHours(36)), Optional.empty());
    // What an older version stored for a half-second duration: zero seconds.
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE workloads SET spec = REPLACE(spec, '\"durationSeconds\":14400',"
                    + " '\"durationSeconds\":0') WHERE id = 'poison'")) {
      assertThat(update.executeUpdate()).isEqualTo(1);
    }

    QueueService.CycleReport report = service.planCycle();

    assertThat(report.planned()).isEqualTo(1);
    assertThat(service.get("healthy").orElseThrow().state()).isEqualTo(JobState.PLANNED);
    assertThat(service.list(JobFilter.all()))
        .extracting(job -> job.id())
        .containsExactly("healthy");
    assertThat(service.decisions("poison"))
        .last()
        .satisfies(
            failed -> {
              assertThat(failed.event()).isEqualTo("failed");
              assertThat(failed.why()).contains("cannot be read back", "duration");
            });
    assertThat(service.counts()).containsEntry(JobState.FAILED, 1L);
    assertThat(service.planCycle().jobs()).isEqualTo(1);
    assertThat(service.health().problems()).isEmpty();
  }

  @Test
  void cyclesThatKeepFailingMakeTheServiceUnreadyUntilOneSucceeds() {
    AtomicBoolean broken = new AtomicBoolean(true);
    ForecastSource flaky =
        new ForecastSource() {
          @Override
          public String id() {
            return "flaky";
          }

          @Override
          public Set<String> zones() {
            return traces.zones();
          }

          @Override
          public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
            if (broken.get()) {
              throw new IllegalStateException("forecast cache corrupted");
            }
            return traces.forecast(zone, issuedAt, horizon);
          }

          @Override
          public IntensitySeries actuals(String zone, Instant from, Instant to) {
            return traces.actuals(zone, from, to);
          }
        };
    QueueService service = new QueueService(store, fleet, flaky, new SimulatedExecutor(1), clock);
    service.submit(job("train", Duration.ofHours(36)), Optional.empty());

    for (int i = 0; i < CycleHealth.FAILURES_BEFORE_UNREADY; i++) {
      assertThat(service.health().problems()).isEmpty();
      assertThatThrownBy(service::planCycle).hasMessageContaining("corrupted");
    }

    assertThat(service.health().problems())
        .singleElement()
        .asString()
        .contains("failed 3 times in a row", "forecast cache corrupted");
    assertThat(service.metrics().scrape()).contains("carbonq_planning_cycle_failures_total 3.0");
    broken.set(false);
    service.planCycle();
    assertThat(service.health().problems()).isEmpty();
  }

  @Test
  void aLeaderWhoseCyclesStopComingIsNotReady() {
    QueueService service = new QueueService(store, fleet, traces, new SimulatedExecutor(1), clock);
    service.health().expect(Duration.ofMinutes(5), () -> true);
    service.planCycle();

    clock.now = clock.now.plus(Duration.ofMinutes(15));
    assertThat(service.health().problems()).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(2));

    assertThat(service.health().problems())
        .singleElement()
        .asString()
        .contains("no planning cycle has ended since 2023-03-13T08:00:00Z", "every 5m");
    service.planCycle();
    assertThat(service.health().problems()).isEmpty();
  }
}
