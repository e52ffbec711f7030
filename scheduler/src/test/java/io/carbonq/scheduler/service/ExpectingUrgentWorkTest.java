package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.TwoValleys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With policy.expectUrgentWork, the service holds GPUs for yesterday's urgent work. */
class ExpectingUrgentWorkTest {
  static final Instant MONDAY = TwoValleys.MONDAY;

  final MovableClock clock = new MovableClock(MONDAY.minus(Duration.ofHours(18)));
  final Database database = Database.inMemory("expecting-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());

  @AfterEach
  void close() {
    database.close();
  }

  static Workload eightA100s(String id, Instant from, Duration duration, Instant deadline) {
    return Workload.builder(id)
        .owner("ada")
        .image("ghcr.io/lab/train:1.4")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(duration)
        .earliestStart(from)
        .deadline(deadline)
        .regions(List.of("gcp:europe-west3"))
        .build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void workThatCanWaitLeavesRoomForYesterdaysUrgentWorkOnlyWhenToldToExpectIt(boolean expect) {
    Fleet fleet =
        new Fleet(
            ConfigLoader.parse(
                """
                pools:
                  - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
                policy: {step: 30m, horizon: 2d, expectUrgentWork: %s}
                """
                    .formatted(expect),
                "test"));
    QueueService service =
        new QueueService(store, fleet, new TwoValleys(), new SimulatedExecutor(1), clock);
    // Sunday 06:00: an evaluation that must start at once takes the whole pool for an hour.
    Instant sunday = clock.now;
    service.submit(
        eightA100s("eval", sunday, Duration.ofHours(1), sunday.plus(Duration.ofHours(1))),
        Optional.empty());
    service.planCycle();
    service.cancel("eval", "ada");
    // Monday 02:00: a run that could wait until noon; its cleanest hours are 06:00 to 08:00.
    clock.now = MONDAY.plus(Duration.ofHours(2));
    service.submit(
        eightA100s("train", clock.now, Duration.ofHours(2), MONDAY.plus(Duration.ofHours(12))),
        Optional.empty());

    service.planCycle();

    PlannedRun run = service.get("train").orElseThrow().plan().orElseThrow();
    Instant echo = sunday.plus(Duration.ofDays(1));
    boolean overlapsEcho =
        run.start().isBefore(echo.plus(Duration.ofHours(1))) && run.end().isAfter(echo);
    assertThat(overlapsEcho).isEqualTo(!expect);
    if (!expect) {
      assertThat(run.start()).isEqualTo(MONDAY.plus(Duration.ofHours(6)));
    }
  }
}
