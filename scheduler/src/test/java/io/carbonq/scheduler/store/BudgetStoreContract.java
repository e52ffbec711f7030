package io.carbonq.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.OverBudget;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.budget.Budget;
import io.carbonq.scheduler.budget.Spend;
import io.carbonq.scheduler.domain.RunNow;
import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.energy.HostShare;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.store.FootprintStore.EndedRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budgets admins set and the footprints they count, on H2 and on a real PostgreSQL. */
abstract class BudgetStoreContract {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  Database database;
  BudgetStore budgets;

  abstract Database freshDatabase();

  @BeforeEach
  void open() {
    database = freshDatabase();
    budgets = new BudgetStore(database.dataSource());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aBudgetSetAgainReplacesTheOldOneAndARemovedOneIsGone() {
    BudgetConfig first =
        new BudgetConfig(BudgetScope.team("vision"), 50, BudgetPeriod.MONTH, OverBudget.QUEUE);
    BudgetConfig second =
        new BudgetConfig(
            BudgetScope.team("vision"), 12.5, BudgetPeriod.ROLLING_30_DAYS, OverBudget.REFUSE);
    BudgetConfig ada =
        new BudgetConfig(BudgetScope.owner("ada"), 0, BudgetPeriod.MONTH, OverBudget.DEFER);

    budgets.put(first, "ops", NOW);
    budgets.put(ada, "ops", NOW);
    Budget replaced = budgets.put(second, "root", NOW.plusSeconds(60));

    assertThat(replaced.setBy()).isEqualTo("api: root at 2026-11-27T12:01:00Z");
    assertThat(budgets.all())
        .containsExactly(new Budget(ada, "api: ops at 2026-11-27T12:00:00Z"), replaced);
    assertThat(budgets.delete(BudgetScope.team("vision"))).isTrue();
    assertThat(budgets.delete(BudgetScope.team("vision"))).isFalse();
    assertThat(budgets.all())
        .extracting(budget -> budget.config().scope().toString())
        .containsExactly("owner:ada");
  }

  @Test
  void finishedRunsSpendTheirRealisedKgElseThePredictedOneByOwnerAndEnd() {
    JdbcQueueStore queue = new JdbcQueueStore(database);
    FootprintStore footprints = new FootprintStore(database.dataSource());
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("old", "ada"), Optional.empty(), NOW));
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("known", "ada"), Optional.empty(), NOW));
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("unknown", "bob"), Optional.empty(), NOW));
    footprints.save(footprint("old", NOW.minus(Duration.ofDays(40)), 9, 9));
    footprints.save(footprint("known", NOW.minus(Duration.ofHours(2)), 1.5, 2));
    footprints.save(footprint("unknown", NOW.minus(Duration.ofHours(1)), Double.NaN, 0.75));

    assertThat(footprints.spentSince(NOW.minus(Duration.ofDays(30))))
        .containsExactlyInAnyOrder(
            new Spend("ada", NOW.minus(Duration.ofHours(2)), 1.5, Spend.Kind.REALISED),
            new Spend("bob", NOW.minus(Duration.ofHours(1)), 0.75, Spend.Kind.REALISED));
  }

  @Test
  void theRunsEndedSinceAnInstantComeWithTheirOwnerSweepAndPlanSourceEarliestEndFirst() {
    JdbcQueueStore queue = new JdbcQueueStore(database);
    FootprintStore footprints = new FootprintStore(database.dataSource());
    Workload trial =
        Workload.builder("lr-000")
            .like(QueueStoreContract.workload("lr-000", "ada"))
            .sweep(new SweepRef("ada_lr", 1))
            .build();
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("old", "ada"), Optional.empty(), NOW));
    queue.submit(QueuedJob.submitted(trial, Optional.empty(), NOW));
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("planned", "ada"), Optional.empty(), NOW));
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("late", "bob"), Optional.empty(), NOW));
    PlannedRun plan = QueueStoreContract.plan(NOW.minus(Duration.ofHours(7)));
    assertThat(queue.recordPlan("planned", queue.get("planned").orElseThrow().version(), plan, NOW))
        .isTrue();
    Instant since = NOW.minus(Duration.ofDays(1));
    footprints.save(footprint("old", since.minusMillis(1), 9, 9));
    footprints.save(footprint("planned", NOW.minus(Duration.ofHours(1)), 1.5, 2));
    footprints.save(footprint("lr-000", since, 1, 1.25));
    footprints.save(footprint("late", NOW.minus(Duration.ofHours(2)), Double.NaN, 0.75));

    List<EndedRun> everyone = footprints.endedSince(since, Optional.empty());
    List<EndedRun> adas = footprints.endedSince(since, Optional.of("ada"));

    assertThat(everyone)
        .extracting(
            run -> run.footprint().jobId(),
            EndedRun::owner,
            EndedRun::sweepId,
            EndedRun::planSource)
        .containsExactly(
            tuple("lr-000", "ada", Optional.of("ada_lr"), Optional.empty()),
            tuple("late", "bob", Optional.empty(), Optional.empty()),
            tuple("planned", "ada", Optional.empty(), Optional.of(plan.forecastSource())));
    for (EndedRun run : everyone) {
      assertThat(run.footprint()).isEqualTo(footprints.get(run.footprint().jobId()).orElseThrow());
    }
    assertThat(adas)
        .extracting(run -> run.footprint().jobId())
        .containsExactly("lr-000", "planned");
    assertThat(footprints.endedSince(since, Optional.of("carol"))).isEmpty();
    assertThat(footprints.endedSince(NOW, Optional.empty())).isEmpty();
  }

  @Test
  void aFootprintKeepsWhetherItsIntensityWasMarginal() {
    JdbcQueueStore queue = new JdbcQueueStore(database);
    FootprintStore footprints = new FootprintStore(database.dataSource());
    queue.submit(
        QueuedJob.submitted(QueueStoreContract.workload("moer", "ada"), Optional.empty(), NOW));
    footprints.save(footprint("moer", NOW, 1.5, 2).withIntensitySignal(SignalKind.MARGINAL));

    assertThat(footprints.get("moer").orElseThrow().marginal()).isTrue();
  }

  private static Footprint footprint(String id, Instant end, double kg, double predicted) {
    return new Footprint(
        id,
        "gcp:europe-west3",
        "DE",
        1.1,
        end.minus(Duration.ofHours(1)),
        end,
        "A100",
        8,
        3.2,
        3.2,
        0,
        false,
        HostShare.NOT_COUNTED,
        "estimated",
        kg,
        "trace",
        new RunNow(RunNow.Basis.HOME, "gcp:europe-west3"),
        4,
        predicted,
        Optional.empty());
  }
}
