package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.OverBudget;
import io.carbonq.scheduler.budget.BudgetStatus;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.store.BudgetStore;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.testing.BundledConfigPlus;
import io.carbonq.scheduler.testing.KeptService;
import io.carbonq.scheduler.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets in the queue: on the bundled pools and 2023 traces, with a real database. Each budget is
 * set from what the same job costs without one, so the test says how it relates, not a figure.
 */
class BudgetServiceTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");

  final MovableClock clock = new MovableClock(MONDAY);
  final List<Database> databases = new ArrayList<>();
  BudgetStore budgetStore;

  @AfterEach
  void close() {
    databases.forEach(Database::close);
  }

  /** A service on the bundled config plus {@code extraYaml}, on a database of its own. */
  QueueService service(String extraYaml) {
    Fleet fleet = new Fleet(BundledConfigPlus.of(extraYaml));
    Database database = Database.inMemory("budgets-" + UUID.randomUUID());
    databases.add(database);
    budgetStore = new BudgetStore(database.dataSource());
    return KeptService.of(database, fleet, clock);
  }

  static Workload job(String id, String owner, Duration deadline) {
    return job(id, owner, deadline, "gcp:europe-west3");
  }

  static Workload job(String id, String owner, Duration deadline, String region) {
    return Workload.builder(id)
        .owner(owner)
        .image("train:1")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(4))
        .earliestStart(MONDAY)
        .deadline(MONDAY.plus(deadline))
        .regions(List.of(region))
        .interruptible(false)
        .build();
  }

  /** What {@code job} is planned to emit on a queue of its own, with no budget. */
  double plannedKgWithoutBudget(Workload job) {
    QueueService free = service("");
    free.submit(job, Optional.empty());
    free.planCycle();
    return free.get(job.id()).orElseThrow().plan().orElseThrow().kgCo2e();
  }

  static String budget(String scope, double kg, String overBudget) {
    return "teams:\n  vision: [ada, grace]\nbudgets:\n  - {"
        + scope
        + ", kgCo2e: "
        + kg
        + ", period: month, overBudget: "
        + overBudget
        + "}\n";
  }

  @Test
  void queue_aJobTheTeamBudgetCannotPayForWaitsForTheNextMonthAndTheFirstComeIsServed() {
    double one = plannedKgWithoutBudget(job("a", "ada", Duration.ofDays(25)));
    QueueService service = service(budget("team: vision", 1.5 * one, "queue"));
    service.submit(job("a", "ada", Duration.ofDays(25)), Optional.empty());
    clock.now = MONDAY.plusSeconds(1);
    service.submit(job("b", "grace", Duration.ofDays(25)), Optional.empty());
    clock.now = MONDAY.plusSeconds(2);

    service.planCycle();

    QueuedJob first = service.get("a").orElseThrow();
    QueuedJob second = service.get("b").orElseThrow();
    assertThat(first.state()).isEqualTo(JobState.PLANNED);
    assertThat(first.plan().orElseThrow().kgCo2e()).isCloseTo(one, within(1e-9));
    assertThat(second.state()).isEqualTo(JobState.QUEUED);
    assertThat(second.plan()).isEmpty();
    // Without the figures that move with each forecast: it keeps one reason while it waits.
    assertThat(second.stateReason())
        .startsWith("held: over the budget of team:vision (")
        .endsWith(
            " kgCO2e per month); enough renews at 2023-04-01T00:00:00Z (`carbonq budget` shows"
                + " what is left)");
    BudgetStatus status = service.budgets().orElseThrow().statuses(clock.instant()).get(0);
    assertThat(status.plannedKg()).isCloseTo(one, within(1e-9));
    assertThat(status.leftKg()).isCloseTo(0.5 * one, within(1e-9));

    // A second cycle holds it again without a new decision.
    assertThat(service.planCycle().unchanged()).isEqualTo(2);

    // The first job runs in March; on the first of April the budget renews for the second.
    PlannedRun run = first.plan().orElseThrow();
    clock.now = run.start();
    service.dispatchDue();
    service.syncExecutor();
    clock.now = run.end();
    service.syncExecutor();
    assertThat(service.get("a").orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    service.planCycle();
    assertThat(service.get("b").orElseThrow().state()).isEqualTo(JobState.QUEUED);
    clock.now = Instant.parse("2023-04-01T00:00:00Z");
    service.planCycle();
    QueuedJob renewed = service.get("b").orElseThrow();
    assertThat(renewed.state()).as(renewed.stateReason()).isEqualTo(JobState.PLANNED);
  }

  @Test
  void defer_aJobOverBudgetWaitsPastItsDeadlineForCleanerHoursThatFit() {
    // California's grid swings with the sun: a job due in 5 hours runs at dusk, not midday.
    Workload tight = job("t", "ada", Duration.ofHours(5), "gcp:us-west2");
    double atDeadline = plannedKgWithoutBudget(tight);
    Workload relaxed =
        Workload.builder("t").like(tight).deadline(MONDAY.plus(Duration.ofDays(7))).build();
    double cleanest = plannedKgWithoutBudget(relaxed);
    assertThat(cleanest).isLessThan(0.9 * atDeadline);
    QueueService service = service(budget("owner: ada", (cleanest + atDeadline) / 2, "defer"));
    service.submit(tight, Optional.empty());

    service.planCycle();

    QueuedJob job = service.get("t").orElseThrow();
    PlannedRun plan = job.plan().orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.PLANNED);
    assertThat(plan.end()).isAfter(tight.deadline());
    assertThat(plan.kgCo2e()).isLessThanOrEqualTo((cleanest + atDeadline) / 2);
    assertThat(plan.why()).startsWith(QueueService.PAST_DEADLINE);
    // Its spec keeps the deadline its owner gave.
    assertThat(job.workload().deadline()).isEqualTo(tight.deadline());
  }

  @Test
  void defer_whenNoHoursAreCleanEnoughTheJobWaitsForTheBudgetToRenew() {
    Workload tight = job("t", "ada", Duration.ofHours(5), "gcp:us-west2");
    Workload relaxed =
        Workload.builder("t").like(tight).deadline(MONDAY.plus(Duration.ofDays(7))).build();
    double cleanest = plannedKgWithoutBudget(relaxed);
    QueueService service = service(budget("owner: ada", cleanest / 2, "defer"));
    service.submit(tight, Optional.empty());

    service.planCycle();

    QueuedJob job = service.get("t").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.stateReason()).startsWith("held: over the budget of owner:ada");
  }

  @Test
  void refuse_aSubmissionOverBudgetIsTurnedAwayWithTheFiguresAndARetryIsNot() {
    Workload job = job("a", "ada", Duration.ofHours(36));
    double one = plannedKgWithoutBudget(job);
    QueueService service = service(budget("owner: ada", 1.5 * one, "refuse"));

    List<QueueService.BudgetQuote> quotes = service.quoteBudgets(List.of(job), Optional.of("k1"));
    assertThat(quotes)
        .singleElement()
        .satisfies(
            quote -> {
              assertThat(quote.jobKg()).isCloseTo(one, within(1e-9));
              assertThat(quote.shortfall()).isEmpty();
              assertThat(quote.before().leftKg()).isCloseTo(1.5 * one, within(1e-9));
            });
    service.submit(job, Optional.of("k1"));
    service.planCycle();

    Workload another = job("b", "ada", Duration.ofHours(36));
    assertThatThrownBy(() -> service.quoteBudgets(List.of(another), Optional.of("k2")))
        .isInstanceOf(OverBudgetException.class)
        .hasMessageStartingWith("not queued: over the budget of owner:ada (")
        .hasMessageContaining(" left, this job expects ");
    // Someone else's job is not covered by ada's budget.
    assertThat(
            service.quoteBudgets(
                List.of(job("c", "grace", Duration.ofHours(36))), Optional.empty()))
        .isEmpty();
    // The retry of the first request is answered, not refused, and not counted twice.
    assertThat(service.quoteBudgets(List.of(job), Optional.of("k1"))).isEmpty();
    // The same key for a sweep of two is not a retry of that one job.
    assertThatThrownBy(
            () ->
                service.quoteBudgets(
                    List.of(another, job("d", "ada", Duration.ofHours(36))),
                    Optional.of("k1"),
                    true))
        .isInstanceOf(OverBudgetException.class);
  }

  @Test
  void aBudgetSetThroughTheApiReplacesTheFilesAndFinishedRunsCountAgainstIt() {
    Workload job = job("a", "ada", Duration.ofHours(36));
    QueueService service = service(budget("owner: ada", 1000, "queue"));
    service.submit(job, Optional.empty());
    service.planCycle();
    PlannedRun plan = service.get("a").orElseThrow().plan().orElseThrow();
    clock.now = plan.start();
    service.dispatchDue();
    service.syncExecutor();
    clock.now = plan.end();
    service.syncExecutor();
    double realised = service.footprint("a").orElseThrow().kgCo2e();

    service
        .budgets()
        .orElseThrow()
        .set(
            new BudgetConfig(
                BudgetScope.owner("ada"), 0, BudgetPeriod.ROLLING_30_DAYS, OverBudget.DEFER),
            "ops",
            clock.instant());

    List<BudgetStatus> statuses = service.budgets().orElseThrow().statuses(clock.instant());
    assertThat(statuses)
        .singleElement()
        .satisfies(
            status -> {
              assertThat(status.budget().setBy()).startsWith("api: ops at ");
              assertThat(status.budget().config().period()).isEqualTo(BudgetPeriod.ROLLING_30_DAYS);
              assertThat(status.realisedKg()).isCloseTo(realised, within(1e-9)).isPositive();
              assertThat(status.leftKg()).isZero();
              assertThat(status.renewsAt()).contains(plan.end().plus(Duration.ofDays(30)));
            });
    assertThat(service.budgets().orElseThrow().unset(BudgetScope.owner("ada"))).isTrue();
    assertThat(service.budgets().orElseThrow().statuses(clock.instant()).get(0).budget().setBy())
        .isEqualTo("carbonq.yaml");
  }
}
