package io.carbonq.scheduler.service;

import io.carbonq.forecasts.chain.ForecastRefresher;
import io.carbonq.scheduler.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Decides when the service works, with Quartz and its JDBC job store in the queue's database
 * (clustered on PostgreSQL, so of several instances one fires each trigger): the planning cycle
 * every few minutes and right after a submission or a forecast refresh, dispatch of due jobs every
 * few seconds, and forecast refreshes on each source's cadence. A trigger missed while no instance
 * ran fires at once on the next start. What is done is plain {@link QueueService} code, tested
 * without Quartz.
 */
public final class QuartzCycle implements AutoCloseable {
  /** How long stepping down waits for the cycle in progress. */
  static final Duration STEP_DOWN_WAIT = Duration.ofSeconds(30);

  static final String SERVICE = "carbonq.service";
  static final String LAST_CYCLE_MILLIS = "carbonq.lastCycleMillis";
  private static final String DATA_SOURCE = "carbonqQueue";
  private static final JobKey PLANNING = JobKey.jobKey("planning-cycle", "carbonq");
  private static final JobKey DISPATCH = JobKey.jobKey("dispatch", "carbonq");
  private static final JobKey REFRESH = JobKey.jobKey("forecast-refresh", "carbonq");
  static final String REFRESHER = "carbonq.refresher";
  static final String CYCLE = "carbonq.cycle";
  private static final String PLAN_SOON_PREFIX = "plan-soon-";

  private final Scheduler scheduler;
  private volatile boolean leading;
  private final AtomicLong lastCycleMillis = new AtomicLong();
  private final AtomicLong planSoonPendingUntil = new AtomicLong(Long.MIN_VALUE);

  /**
   * Where {@link #planSoon} hands its trigger to Quartz: storing a trigger waits for Quartz's own
   * lock and the database, which the submission that asked must not (it is acknowledged already).
   */
  private final ExecutorService planSoonThread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "carbonq-plan-soon");
            thread.setDaemon(true);
            return thread;
          });

  public QuartzCycle(
      Database database,
      QueueService service,
      Optional<ForecastRefresher> refresher,
      Duration planEvery,
      Duration dispatchEvery)
      throws SchedulerException {
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            DATA_SOURCE,
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws SQLException {
                return database.dataSource().getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", "carbonq");
    properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty("org.quartz.threadPool.threadCount", "2");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        database.isPostgres()
            ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
            : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    properties.setProperty(
        "org.quartz.jobStore.isClustered", Boolean.toString(database.isPostgres()));
    properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    properties.setProperty("org.quartz.jobStore.misfireThreshold", "10000");
    scheduler = new StdSchedulerFactory(properties).getScheduler();
    scheduler.getContext().put(SERVICE, service);
    service.health().expect(planEvery, () -> leading);
    scheduler.getContext().put(LAST_CYCLE_MILLIS, lastCycleMillis);
    schedule(PlanningJob.class, PLANNING, planEvery);
    schedule(DispatchJob.class, DISPATCH, dispatchEvery);
    if (refresher.isPresent() && !refresher.get().tasks().isEmpty()) {
      scheduler.getContext().put(REFRESHER, refresher.get());
      scheduler.getContext().put(CYCLE, this);
      schedule(RefreshJob.class, REFRESH, refresher.get().shortestInterval());
    } else {
      scheduler.deleteJob(REFRESH);
    }
  }

  private void schedule(Class<? extends Job> job, JobKey key, Duration every)
      throws SchedulerException {
    JobDetail detail = JobBuilder.newJob(job).withIdentity(key).storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(key.getName(), key.getGroup())
            .forJob(detail)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(every.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionFireNow())
            .build();
    scheduler.addJob(detail, true);
    if (scheduler.checkExists(trigger.getKey())) {
      scheduler.rescheduleJob(trigger.getKey(), trigger);
    } else {
      scheduler.scheduleJob(trigger);
    }
  }

  /**
   * Fires the cycle's triggers while this instance leads, and stands by while another replica does
   * (its triggers wait in the shared store for the leader). Standing by returns once the cycle in
   * progress, if any, has ended (at most {@link #STEP_DOWN_WAIT}).
   */
  public void lead(boolean leading) {
    try {
      this.leading = leading;
      if (leading) {
        scheduler.start();
      } else {
        scheduler.standby();
        long until = System.nanoTime() + STEP_DOWN_WAIT.toNanos();
        while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < until) {
          Thread.sleep(50);
        }
      }
      System.getLogger(QuartzCycle.class.getName())
          .log(
              System.Logger.Level.INFO,
              leading
                  ? "leading: this instance plans, dispatches and refreshes forecasts"
                  : "standing by: another replica leads");
    } catch (SchedulerException e) {
      throw new IllegalStateException("the planning cycle could not change state", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the planning cycle soon, e.g. after a submission: in two seconds, or twice the last
   * cycle's duration when that is longer, so that under a stream of submissions planning takes at
   * most a third of the time. A burst shares one cycle: while one this instance asked for has not
   * started, asking again adds nothing. Each request is a trigger of its own: one that fires while
   * a cycle runs waits for it to end and then plans again, so a submission the running cycle did
   * not see is never left for the periodic timer. Returns at once: the trigger is stored on a
   * thread of its own.
   */
  public void planSoon() {
    // A cycle this instance asked for has not started yet: it will see this submission too, and
    // asking Quartz again would cost a locked database round trip per submission.
    long now = System.nanoTime();
    long pending = planSoonPendingUntil.get();
    if (now < pending) {
      return;
    }
    long delayMillis = Math.max(2000, 2 * lastCycleMillis.get());
    if (!planSoonPendingUntil.compareAndSet(pending, now + delayMillis * 1_000_000)) {
      return;
    }
    Trigger soon =
        TriggerBuilder.newTrigger()
            .withIdentity(PLAN_SOON_PREFIX + java.util.UUID.randomUUID(), PLANNING.getGroup())
            .forJob(PLANNING)
            .startAt(
                org.quartz.DateBuilder.futureDate(
                    (int) delayMillis, org.quartz.DateBuilder.IntervalUnit.MILLISECOND))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      planSoonThread.execute(() -> schedule(soon));
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      planSoonPendingUntil.set(Long.MIN_VALUE);
    }
  }

  private void schedule(Trigger soon) {
    try {
      scheduler.scheduleJob(soon);
    } catch (SchedulerException e) {
      // Let the next submission ask again; the periodic trigger plans this one meanwhile.
      planSoonPendingUntil.set(Long.MIN_VALUE);
      System.getLogger(QuartzCycle.class.getName())
          .log(System.Logger.Level.WARNING, "could not trigger planning now: " + e.getMessage());
    }
  }

  @Override
  public void close() throws SchedulerException {
    planSoonThread.shutdownNow();
    scheduler.shutdown(true);
  }

  private static QueueService service(JobExecutionContext context) throws JobExecutionException {
    try {
      return (QueueService) context.getScheduler().getContext().get(SERVICE);
    } catch (SchedulerException e) {
      throw new JobExecutionException(e);
    }
  }

  /**
   * Plans the queue, then dispatches what is due, starts again what the executor lost and takes in
   * what the executor reports. Each step runs whatever the one before did: a failed plan still
   * dispatches what is due. An executor reports only the runs its instance started or took over,
   * and without leader election another instance may fire every dispatch trigger: taking in the
   * reports here too means a job this cycle dispatched is heard of by the next cycle at the latest.
   */
  @DisallowConcurrentExecution
  public static final class PlanningJob implements Job {
    private static final System.Logger LOG = System.getLogger(QuartzCycle.class.getName());

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      QueueService service = service(context);
      try {
        QueueService.CycleReport report = service.planCycle();
        ((AtomicLong) context.getScheduler().getContext().get(LAST_CYCLE_MILLIS))
            .set(report.took().toMillis());
        LOG.log(
            System.Logger.Level.INFO,
            "planning cycle: {0} jobs, {1} planned, {2} deferred, {3} unchanged in {4} ms",
            report.jobs(),
            report.planned(),
            report.deferred(),
            report.unchanged(),
            report.took().toMillis());
      } catch (RuntimeException | SchedulerException e) {
        LOG.log(System.Logger.Level.ERROR, "planning cycle failed: " + e, e);
      }
      try {
        service.dispatchDue();
        service.recover();
        service.syncExecutor();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "dispatch after planning failed: " + e, e);
      }
    }
  }

  /**
   * Fetches the forecasts that are due, each source on its cadence, and plans again when any
   * arrived.
   */
  @DisallowConcurrentExecution
  public static final class RefreshJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        var schedulerContext = context.getScheduler().getContext();
        ForecastRefresher refresher = (ForecastRefresher) schedulerContext.get(REFRESHER);
        var outcomes = refresher.refreshDue();
        var log = System.getLogger(QuartzCycle.class.getName());
        outcomes.stream()
            .filter(outcome -> !outcome.ok())
            .forEach(
                outcome ->
                    log.log(
                        System.Logger.Level.WARNING,
                        "forecast refresh {0} {1}: {2}",
                        outcome.sourceId(),
                        outcome.zone(),
                        outcome.error()));
        if (outcomes.stream().anyMatch(ForecastRefresher.Outcome::ok)) {
          ((QuartzCycle) schedulerContext.get(CYCLE)).planSoon();
        }
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      }
    }
  }

  /** Dispatches due jobs and takes in what the executor reports. */
  @DisallowConcurrentExecution
  public static final class DispatchJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      QueueService service = service(context);
      service.dispatchDue();
      service.syncExecutor();
    }
  }
}
