package io.carbonq.scheduler.service;

import io.carbonq.config.BudgetConfig;
import io.carbonq.config.BudgetPeriod;
import io.carbonq.config.BudgetScope;
import io.carbonq.config.CarbonqConfig;
import io.carbonq.scheduler.budget.Budget;
import io.carbonq.scheduler.budget.BudgetBook;
import io.carbonq.scheduler.budget.BudgetStatus;
import io.carbonq.scheduler.budget.Spend;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.store.BudgetStore;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.QueueStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The carbon budgets in force, carbonq.yaml's each replaced by one an admin set for the same owner
 * or team, and the books that count against them: finished runs' footprints, the planned totals of
 * started jobs and, for status and submission, of planned ones.
 */
public final class CarbonBudgets {
  private final CarbonqConfig config;
  private final Optional<BudgetStore> store;
  private final FootprintStore footprints;
  private final QueueStore queue;

  CarbonBudgets(
      CarbonqConfig config,
      Optional<BudgetStore> store,
      FootprintStore footprints,
      QueueStore queue) {
    this.config = config;
    this.store = store;
    this.footprints = footprints;
    this.queue = queue;
  }

  /** Whether budgets can be set through the API (they need the database). */
  public boolean settable() {
    return store.isPresent();
  }

  public CarbonqConfig config() {
    return config;
  }

  /** The budgets in force, by scope: the file's, each replaced by the API's for the same scope. */
  public List<Budget> inForce() {
    Map<BudgetScope, Budget> byScope = new LinkedHashMap<>();
    config.budgets().forEach(budget -> byScope.put(budget.scope(), Budget.fromConfig(budget)));
    setThroughApi().forEach(budget -> byScope.put(budget.config().scope(), budget));
    return List.copyOf(byScope.values());
  }

  /** How long the budgets set through the API are read once for: every submission asks. */
  static final long READ_AGAIN_NANOS = 10_000_000_000L;

  private record Read(List<Budget> budgets, long atNanos) {}

  private volatile Read lastRead;

  /**
   * The budgets set through the API, read again at most every {@link #READ_AGAIN_NANOS} (at once
   * after this instance changes one; another replica's change shows within that time).
   */
  private List<Budget> setThroughApi() {
    if (store.isEmpty()) {
      return List.of();
    }
    Read read = lastRead;
    long now = System.nanoTime();
    if (read == null || now - read.atNanos() > READ_AGAIN_NANOS) {
      read = new Read(store.get().all(), now);
      lastRead = read;
    }
    return read.budgets();
  }

  /** The budget carbonq.yaml gives {@code scope}, if any. */
  public Optional<BudgetConfig> fromFile(BudgetScope scope) {
    return config.budgets().stream().filter(budget -> budget.scope().equals(scope)).findFirst();
  }

  public Budget set(BudgetConfig budget, String by, Instant at) {
    Budget set = store.orElseThrow().put(budget, by, at);
    lastRead = null;
    return set;
  }

  public boolean unset(BudgetScope scope) {
    boolean removed = store.orElseThrow().delete(scope);
    lastRead = null;
    return removed;
  }

  /**
   * A book of {@code budgets} as of {@code now}: finished runs and started jobs, and the planned
   * ones too when {@code withPlanned} (a planning cycle books those itself, as it plans them).
   */
  BudgetBook book(List<Budget> budgets, Instant now, boolean withPlanned) {
    BudgetBook book = new BudgetBook(budgets, config.teams(), now);
    Instant since = now.minus(BudgetPeriod.ROLLING);
    Instant monthStart = BudgetPeriod.monthStart(now);
    footprints.spentSince(monthStart.isBefore(since) ? monthStart : since).forEach(book::book);
    EnumSet<JobState> states = EnumSet.of(JobState.DISPATCHED, JobState.RUNNING, JobState.PAUSED);
    if (withPlanned) {
      states.add(JobState.PLANNED);
    }
    for (QueuedJob job : queue.list(JobFilter.all().withStates(states))) {
      if (job.plan().isEmpty() || book.budgetsOf(job.owner()).isEmpty()) {
        continue;
      }
      double ran = job.history().map(RunHistory::ranPlannedKg).orElse(0.0);
      book.book(
          new Spend(
              job.owner(),
              job.plan().get().end(),
              job.plan().get().kgCo2e() + ran,
              job.state() == JobState.PLANNED ? Spend.Kind.PLANNED : Spend.Kind.COMMITTED));
    }
    return book;
  }

  /** Where every budget in force stands now, planned jobs included. */
  public List<BudgetStatus> statuses(Instant now) {
    List<Budget> budgets = inForce();
    if (budgets.isEmpty()) {
      return List.of();
    }
    BudgetBook book = book(budgets, now, true);
    List<BudgetStatus> statuses = new ArrayList<>();
    budgets.forEach(budget -> statuses.add(book.status(budget)));
    return statuses;
  }
}
