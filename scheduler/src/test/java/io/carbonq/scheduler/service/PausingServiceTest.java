package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.DecisionRecord;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.QueueStore;
import io.carbonq.scheduler.testing.MovableClock;
import io.carbonq.scheduler.testing.TwoValleys;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interruptible jobs run in the pieces the planner gives them: the service pauses them when a piece
 * ends, plans their remaining work again, resumes them on their pool when the next piece comes, and
 * counts only the pieces run in their footprint.
 */
class PausingServiceTest {
  static final Instant MONDAY = TwoValleys.MONDAY;
  static final Duration OVERHEAD = Duration.ofMinutes(6);

  final MovableClock clock = new MovableClock(MONDAY);
  final Database database = Database.inMemory("pausing-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());
  final FootprintStore footprints = new FootprintStore(database.dataSource());

  @AfterEach
  void close() {
    database.close();
  }

  static Fleet fleet(boolean pause) {
    return new Fleet(
        ConfigLoader.parse(
            """
            pools:
              - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
            policy: {step: 30m, horizon: 2d, pauseInterruptible: %s, resumeOverhead: 6m}
            """
                .formatted(pause),
            "test"));
  }

  QueueService service(Fleet fleet, JobExecutor executor) {
    return new QueueService(
        store,
        fleet,
        new TwoValleys(),
        executor,
        clock,
        Optional.of(new QueueService.Footprints(footprints, EnergyMeter.NONE)));
  }

  static Instant at(int hours, int minutes) {
    return MONDAY.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes));
  }

  QueuedJob job(QueueService service) {
    return service.get("train-a").orElseThrow();
  }

  /** A service whose interruptible four-hour job "train-a" runs since 00:00. */
  QueueService running(Fleet fleet) {
    QueueService service = service(fleet, new SimulatedExecutor(1, OVERHEAD));
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());
    service.planCycle();
    service.dispatchDue();
    service.syncExecutor();
    return service;
  }

  /** The same, paused at 02:06 at the end of its first piece. */
  QueueService pausedAfterTheFirstPiece() {
    QueueService service = running(fleet(true));
    clock.now = at(2, 6);
    service.dispatchDue();
    return service;
  }

  /**
   * A cycle reads the jobs it may move, then the running ones, then the GPUs dispatched and running
   * jobs hold, each in a transaction of its own: a job that starts in between is read twice. It
   * must count once, as it is now, and keep its GPUs; it must not stop the cycle.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aJobThatStartsWhileTheCycleReadsTheQueueKeepsItsGpus(boolean pause) {
    Fleet fleet = fleet(pause);
    QueueService first = service(fleet, new SimulatedExecutor(1, OVERHEAD));
    first.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());
    first.planCycle();
    QueuedJob beforeItStarted = job(first);
    first.dispatchDue();
    first.syncExecutor();
    assertThat(job(first).state()).isEqualTo(JobState.RUNNING);
    QueueService second =
        new QueueService(
            readingBeforeTheStart(beforeItStarted),
            fleet,
            new TwoValleys(),
            new SimulatedExecutor(1, OVERHEAD),
            clock,
            Optional.empty());
    clock.now = at(1, 0);
    // The pool has 8 GPUs, and each job takes all of them. Due at 05:00, train-b is planned before
    // anything with more slack: it would take the GPUs train-a holds if they were not held.
    Workload urgent =
        Workload.builder("train-b")
            .like(TwoValleys.fourHourJob("train-b", true))
            .deadline(at(5, 0))
            .build();
    second.submit(urgent, Optional.empty());

    second.planCycle();

    QueuedJob running = job(second);
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    List<Segment> runningPieces = running.plan().orElseThrow().pieces();
    for (Segment piece : second.get("train-b").orElseThrow().plan().orElseThrow().pieces()) {
      for (Segment taken : runningPieces) {
        assertThat(piece.start().isBefore(taken.end()) && taken.start().isBefore(piece.end()))
            .as("train-b's %s overlaps train-a's %s", piece, taken)
            .isFalse();
      }
    }
  }

  /** The store, but for its list of plannable jobs, which still holds {@code stale} as it was. */
  @SuppressWarnings("unchecked")
  QueueStore readingBeforeTheStart(QueuedJob stale) {
    return (QueueStore)
        Proxy.newProxyInstance(
            QueueStore.class.getClassLoader(),
            new Class<?>[] {QueueStore.class},
            (proxy, method, args) -> {
              Object answer;
              try {
                answer = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("plannable")) {
                List<QueuedJob> jobs = new ArrayList<>((List<QueuedJob>) answer);
                jobs.add(stale);
                return jobs;
              }
              return answer;
            });
  }

  /**
   * The valleys save 187.5 g/kWh of the job's work against its best single window. A forecast that
   * moves by 500 g/kWh from one issue to the next (noise of 250 on a saving over the run's 8 slots)
   * is not worth a pause for that; a steady one is.
   */
  @ParameterizedTest
  @CsvSource({"0, 2", "500, 1"})
  void theServiceSplitsOnlyForDipsLargerThanItsForecastsMoveBetweenIssues(
      double swing, int pieces) {
    QueueService service = pausingWith(new Wavering(new TwoValleys(), swing));
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());

    for (int hour = 3; hour >= 1; hour--) {
      clock.now = MONDAY.minus(Duration.ofHours(hour));
      service.planCycle();
    }

    assertThat(job(service).plan().orElseThrow().pieces()).hasSize(pieces);
  }

  @Test
  void previewsDoNotTeachTheServiceHowItsForecastsMove() {
    QueueService service = pausingWith(new Wavering(new TwoValleys(), 500));
    for (int hour = 4; hour >= 2; hour--) {
      clock.now = MONDAY.minus(Duration.ofHours(hour));
      service.whatIf(TwoValleys.fourHourJob("what-if", true));
    }
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());
    clock.now = MONDAY.minus(Duration.ofHours(1));

    service.planCycle();

    // One issue learned from, so nothing known of how the forecasts move: the valleys are used.
    assertThat(job(service).plan().orElseThrow().pieces()).hasSize(2);
  }

  /** A service that pauses interruptible jobs, planning with {@code forecasts}. */
  private QueueService pausingWith(ForecastSource forecasts) {
    return new QueueService(
        store, fleet(true), forecasts, new SimulatedExecutor(1, OVERHEAD), clock, Optional.empty());
  }

  /** A source whose every other issue is {@code swing} g/kWh above the one before it. */
  private static final class Wavering implements ForecastSource {
    private final ForecastSource steady;
    private final double swing;
    private int issues;

    Wavering(ForecastSource steady, double swing) {
      this.steady = steady;
      this.swing = swing;
    }

    @Override
    public String id() {
      return "wavering";
    }

    @Override
    public Set<String> zones() {
      return steady.zones();
    }

    @Override
    public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
      IntensitySeries series = steady.forecast(zone, issuedAt, horizon);
      double shift = issues++ % 2 == 0 ? 0 : swing;
      double[] values = series.values();
      for (int i = 0; i < values.length; i++) {
        values[i] += shift;
      }
      return new IntensitySeries(
          zone, series.start(), series.step(), values, series.signal(), series.kind(), id());
    }

    @Override
    public IntensitySeries actuals(String zone, Instant from, Instant to) {
      return steady.actuals(zone, from, to);
    }
  }

  @Test
  void anInterruptibleJobPausesBetweenItsPiecesAndResumesOnItsPool() {
    Fleet fleet = fleet(true);
    QueueService service = service(fleet, new SimulatedExecutor(1, OVERHEAD));
    service.submit(TwoValleys.fourHourJob("train-a", true), Optional.empty());

    service.planCycle();
    PlannedRun plan = job(service).plan().orElseThrow();
    // The 4 h of work and one resume's 6 minutes in the two clean valleys (the 6 minutes in the
    // earlier of the equally dirty hours after them).
    assertThat(plan.pieces())
        .containsExactly(new Segment(at(0, 0), at(2, 6)), new Segment(at(6, 0), at(8, 0)));

    assertThat(service.dispatchDue()).containsExactly("train-a");
    service.syncExecutor();
    assertThat(job(service).state()).isEqualTo(JobState.RUNNING);

    // Planned again while it runs, with nothing new: the plan stands, nothing is logged.
    clock.now = at(1, 0);
    assertThat(service.planCycle().unchanged()).isEqualTo(1);
    assertThat(job(service).plan()).contains(plan);

    clock.now = at(2, 5);
    service.dispatchDue();
    assertThat(job(service).state()).isEqualTo(JobState.RUNNING);
    clock.now = at(2, 6);
    service.dispatchDue();
    QueuedJob paused = job(service);
    assertThat(paused.state()).isEqualTo(JobState.PAUSED);
    assertThat(paused.stateReason()).contains("paused until 2023-03-13T06:00:00Z");
    assertThat(paused.history().orElseThrow().ranPieces())
        .containsExactly(new Segment(at(0, 0), at(2, 6)));

    // The remaining 1 h 54 min plus the resume's 6 minutes, planned again: the next valley still,
    // so the plan's remaining piece stands.
    PlannedRun rest = job(service).plan().orElseThrow();
    assertThat(service.planCycle().unchanged()).isEqualTo(1);
    assertThat(job(service).plan()).contains(rest);
    assertThat(job(service).state()).isEqualTo(JobState.PAUSED);
    assertThat(rest.pool()).isEqualTo("frankfurt-a100");
    assertThat(rest.pieces()).containsExactly(new Segment(at(6, 0), at(8, 0)));
    clock.now = at(5, 59);
    assertThat(service.dispatchDue()).isEmpty();
    assertThat(service.syncExecutor()).isZero();

    clock.now = at(6, 0);
    assertThat(service.dispatchDue()).containsExactly("train-a");
    assertThat(job(service).state()).isEqualTo(JobState.DISPATCHED);
    service.syncExecutor();
    assertThat(job(service).state()).isEqualTo(JobState.RUNNING);
    clock.now = at(8, 0);
    service.syncExecutor();

    QueuedJob done = job(service);
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.startedAt()).contains(at(0, 0));
    assertThat(done.finishedAt()).contains(at(8, 0));
    assertThat(store.decisions("train-a"))
        .extracting(DecisionRecord::event)
        .containsExactly(
            "submitted",
            "planned",
            "dispatched",
            "running",
            "paused",
            "dispatched",
            "running",
            "succeeded");

    // Power only in the 4.1 h it ran, not over its 8 h of wall time.
    Footprint footprint = service.footprint("train-a").orElseThrow();
    double pue = fleet.region("gcp:europe-west3").pue();
    double kw = 8 * 0.4;
    assertThat(footprint.gpuHours()).isCloseTo(8 * 4.1, within(1e-9));
    assertThat(footprint.energyKwh()).isCloseTo(kw * 4.1, within(1e-9));
    assertThat(footprint.kgCo2e()).isCloseTo(kw * (4 * 100 + 0.1 * 500) / 1000 * pue, within(1e-9));
    // Run at once in one go: 2 h at 100 g/kWh, then 2.1 h at 500.
    assertThat(footprint.counterfactualKgCo2e())
        .isCloseTo(kw * (2 * 100 + 2.1 * 500) / 1000 * pue, within(1e-9));
    // Predicted: the first plan's kgCO2e, the share of its first piece kept in the history.
    assertThat(footprint.predictedKgCo2e())
        .isCloseTo(plan.kgCo2e() * (126.0 / 246) + rest.kgCo2e(), within(1e-9));
  }

  /** An hour's job that cannot pause and must start at 01:00 to end by its deadline. */
  static Workload urgent() {
    return Workload.builder("urgent")
        .owner("grace")
        .image("eval:1")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(1))
        .earliestStart(at(1, 0))
        .deadline(at(2, 10))
        .regions(List.of("gcp:europe-west3"))
        .build();
  }

  /**
   * Runs the service minute by minute until {@code end}: dispatch and reports every minute, a
   * planning cycle every 30.
   */
  void runUntil(QueueService service, Instant end) {
    while (clock.now.isBefore(end)) {
      clock.now = clock.now.plus(Duration.ofMinutes(1));
      if (clock.now.getEpochSecond() % 1800 == 0) {
        service.planCycle();
      }
      service.dispatchDue();
      service.syncExecutor();
    }
  }

  @Test
  void workThatCannotWaitTakesTheGpusOfARunningInterruptibleJob() {
    QueueService service = running(fleet(true));
    clock.now = at(1, 0);
    service.submit(urgent(), Optional.empty());

    service.planCycle();
    service.dispatchDue();

    // The running job pauses so that the urgent one starts on its 8 GPUs at once.
    assertThat(job(service).state()).isEqualTo(JobState.PAUSED);
    assertThat(service.get("urgent").orElseThrow().state()).isEqualTo(JobState.DISPATCHED);
    assertThat(job(service).plan().orElseThrow().start()).isAfterOrEqualTo(at(2, 0));

    runUntil(service, at(10, 0));
    QueuedJob trainer = job(service);
    QueuedJob urgent = service.get("urgent").orElseThrow();
    assertThat(trainer.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(urgent.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(urgent.finishedAt().orElseThrow()).isBeforeOrEqualTo(at(2, 10));
    assertThat(trainer.finishedAt().orElseThrow()).isBeforeOrEqualTo(at(10, 0));
    // One hour before the pause, the rest after the urgent job: never both at once.
    List<Segment> ran = trainer.history().orElseThrow().pieces(trainer.finishedAt().get());
    assertThat(ran.get(0)).isEqualTo(new Segment(at(0, 0), at(1, 0)));
    assertThat(ran.get(1).start()).isAfterOrEqualTo(urgent.finishedAt().get());
  }

  @Test
  void withoutPausingTheUrgentJobWaitsForTheRunningOneAndIsLate() {
    QueueService service = running(fleet(false));
    clock.now = at(1, 0);
    service.submit(urgent(), Optional.empty());

    service.planCycle();
    service.dispatchDue();

    assertThat(job(service).state()).isEqualTo(JobState.RUNNING);
    PlannedRun late = service.get("urgent").orElseThrow().plan().orElseThrow();
    assertThat(late.start()).isEqualTo(at(4, 0));
    assertThat(late.end()).isAfter(at(2, 10));
  }

  /** Pausing turned off, or a job that may not pause: one window. */
  @ParameterizedTest(name = "pausing {0}, interruptible {1}")
  @CsvSource({"false, true", "true, false"})
  void withoutPausingAJobRunsInOneWindow(boolean pausing, boolean interruptible) {
    QueueService service = service(fleet(pausing), new SimulatedExecutor(1, OVERHEAD));
    service.submit(TwoValleys.fourHourJob("train-a", interruptible), Optional.empty());

    service.planCycle();

    assertThat(job(service).plan().orElseThrow().pieces()).hasSize(1);
  }

  @Test
  void aPausedJobSurvivesARestartAndRunsOnlyItsRemainingWork() {
    QueueService first = pausedAfterTheFirstPiece();
    assertThat(job(first).state()).isEqualTo(JobState.PAUSED);

    // A new process: the simulated cluster forgot everything; the queue did not.
    QueueService restarted = service(fleet(true), new SimulatedExecutor(1, OVERHEAD));
    assertThat(restarted.recover()).isZero();
    restarted.planCycle();
    clock.now = at(6, 0);
    assertThat(restarted.dispatchDue()).containsExactly("train-a");
    restarted.syncExecutor();
    clock.now = at(7, 59);
    restarted.syncExecutor();
    assertThat(job(restarted).state()).isEqualTo(JobState.RUNNING);
    clock.now = at(8, 0);
    restarted.syncExecutor();

    assertThat(job(restarted).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(job(restarted).finishedAt()).contains(at(8, 0));
  }

  @Test
  void aPausedJobCanBeCancelled() {
    QueueService service = pausedAfterTheFirstPiece();

    assertThat(service.cancel("train-a", "ada")).isEqualTo(QueueService.Cancelled.CANCELLED);

    clock.now = at(6, 0);
    service.planCycle();
    assertThat(service.dispatchDue()).isEmpty();
    assertThat(job(service).state()).isEqualTo(JobState.CANCELLED);
  }
}
