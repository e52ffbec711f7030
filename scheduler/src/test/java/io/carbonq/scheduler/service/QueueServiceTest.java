package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.energy.EnergyMeter;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.DecisionRecord;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueServiceTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");

  final MovableClock clock = new MovableClock(MONDAY);
  final Fleet fleet = new Fleet(ConfigLoader.bundledDefault());
  final ForecastSource traces =
      new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
  final Database database = Database.inMemory("service-" + UUID.randomUUID());
  final JdbcQueueStore store = new JdbcQueueStore(database.dataSource());

  @AfterEach
  void close() {
    database.close();
  }

  QueueService service(ForecastSource forecasts, JobExecutor executor) {
    return new QueueService(store, fleet, forecasts, executor, clock);
  }

  static Workload job(String id, Duration deadline) {
    return Workload.builder(id)
        .owner("ada")
        .image("train:1")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(4))
        .earliestStart(MONDAY)
        .deadline(MONDAY.plus(deadline))
        .regions(List.of("gcp:europe-west3", "gcp:us-west2"))
        .interruptible(false)
        .build();
  }

  @Test
  void aJobIsPlannedDispatchedRunAndFinishedWithEveryStepLogged() {
    SimulatedExecutor executor = new SimulatedExecutor(1);
    QueueService service = service(traces, executor);
    service.submit(job("train-a", Duration.ofHours(36)), Optional.of("req-1"));

    QueueService.CycleReport report = service.planCycle();

    assertThat(report.planned()).isEqualTo(1);
    QueuedJob planned = service.get("train-a").orElseThrow();
    assertThat(planned.state()).isEqualTo(JobState.PLANNED);
    var run = planned.plan().orElseThrow();
    assertThat(run.kgCo2e()).isLessThanOrEqualTo(run.nowKgCo2e());
    assertThat(run.forecastSource()).startsWith("electricitymaps-trace 2023");
    assertThat(run.end()).isBeforeOrEqualTo(MONDAY.plus(Duration.ofHours(36)));

    assertThat(service.dispatchDue()).isEmpty();
    clock.now = run.start();
    assertThat(service.dispatchDue()).containsExactly("train-a");
    assertThat(service.syncExecutor()).isEqualTo(1);
    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.RUNNING);
    clock.now = run.end();
    service.syncExecutor();

    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(store.decisions("train-a"))
        .extracting(DecisionRecord::event)
        .containsExactly("submitted", "planned", "dispatched", "running", "succeeded");
  }

  @Test
  void aSecondCycleWithNothingNewChangesNothing() {
    QueueService service = service(traces, new SimulatedExecutor(1));
    service.submit(job("train-a", Duration.ofHours(36)), Optional.empty());
    service.planCycle();

    QueueService.CycleReport again = service.planCycle();

    assertThat(again.unchanged()).isEqualTo(1);
    assertThat(again.planned()).isZero();
    assertThat(store.decisions("train-a")).hasSize(2);
  }

  @Test
  void aCancelledJobIsNeverDispatched() {
    QueueService service = service(traces, new SimulatedExecutor(1));
    service.submit(job("train-a", Duration.ofHours(36)), Optional.empty());
    service.planCycle();

    assertThat(service.cancel("train-a", "ada")).isEqualTo(QueueService.Cancelled.CANCELLED);
    clock.now = MONDAY.plus(Duration.ofDays(2));

    assertThat(service.dispatchDue()).isEmpty();
    assertThat(service.cancel("train-a", "ada")).isEqualTo(QueueService.Cancelled.ALREADY_FINISHED);
    assertThat(service.cancel("nope", "ada")).isEqualTo(QueueService.Cancelled.NOT_FOUND);
  }

  @Test
  void aForecastOutageNeverMakesAJobMissItsDeadline() {
    ForecastSource down =
        new ForecastSource() {
          @Override
          public String id() {
            return "down";
          }

          @Override
          public Set<String> zones() {
            return Set.of("DE", "US-CAL-CISO", "GB", "US-MIDA-PJM", "US-TEX-ERCO", "CA-ON");
          }

          @Override
          public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
            throw new ForecastException("source 'down' failed 4 times, last: HTTP 503");
          }

          @Override
          public IntensitySeries actuals(String zone, Instant from, Instant to) {
            throw new ForecastException("down");
          }
        };
    QueueService service = service(down, new SimulatedExecutor(1));
    service.submit(job("urgent", Duration.ofHours(5)), Optional.empty());

    service.planCycle();

    var run = service.get("urgent").orElseThrow().plan().orElseThrow();
    assertThat(run.start()).isEqualTo(MONDAY);
    assertThat(run.end()).isBeforeOrEqualTo(MONDAY.plus(Duration.ofHours(5)));
    assertThat(run.forecastSource()).isEqualTo("none (fail-open)");
    assertThat(service.metrics().scrape())
        .contains("carbonq_forecast_trouble_total{kind=\"missing\",zone=\"DE\"} 1.0");
  }

  @Test
  void twoInstancesOnOneDatabaseDispatchEachJobExactlyOnce() throws Exception {
    List<CountingExecutor> executors = List.of(new CountingExecutor(), new CountingExecutor());
    List<QueueService> instances =
        List.of(service(traces, executors.get(0)), service(traces, executors.get(1)));
    for (int i = 0; i < 20; i++) {
      instances.get(0).submit(job("job-" + i, Duration.ofDays(3)), Optional.empty());
    }
    instances.get(1).planCycle();
    clock.now = MONDAY.plus(Duration.ofDays(3));

    ExecutorService threads = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    for (QueueService instance : instances) {
      results.add(
          threads.submit(
              () -> {
                go.await();
                return instance.dispatchDue();
              }));
    }
    go.countDown();
    List<String> dispatched = new ArrayList<>();
    for (Future<List<String>> result : results) {
      dispatched.addAll(result.get());
    }
    threads.shutdown();

    assertThat(dispatched).hasSize(20).doesNotHaveDuplicates();
    assertThat(executors.get(0).started.size() + executors.get(1).started.size()).isEqualTo(20);
  }

  @Test
  void afterARestartDispatchedJobsAreStartedAgainOnceAndNothingIsLost() {
    QueueService before = service(traces, new SimulatedExecutor(1));
    before.submit(job("train-a", Duration.ofHours(36)), Optional.empty());
    before.submit(job("train-b", Duration.ofHours(36)), Optional.empty());
    before.planCycle();
    clock.now = MONDAY.plus(Duration.ofDays(2));
    before.dispatchDue();

    CountingExecutor fresh = new CountingExecutor();
    QueueService after = service(traces, fresh);

    assertThat(after.recover()).isEqualTo(2);
    assertThat(after.recover()).isZero();
    assertThat(fresh.started).containsExactlyInAnyOrder("train-a", "train-b");
    assertThat(after.list(JobFilter.all())).hasSize(2);
  }

  @Test
  void aSweepIsQueuedWholeAndARetryQueuesNothingMore() {
    QueueService service = service(traces, new SimulatedExecutor(1));
    Sweep sweep =
        new Sweep(
            "lr", job("lr", Duration.ofDays(2)), Map.of("lr", List.of("1e-4", "3e-4", "1e-3")), 2);

    assertThat(service.submit(sweep, Optional.of("sweep-req"))).allMatch(s -> s.created());
    assertThat(service.submit(sweep, Optional.of("sweep-req"))).noneMatch(s -> s.created());

    assertThat(service.list(JobFilter.all().withSweep("lr"))).hasSize(3);
  }

  @Test
  void aWhatIfPlansWithoutStoring() {
    QueueService service = service(traces, new SimulatedExecutor(1));

    QueueService.Preview preview = service.whatIf(job("maybe", Duration.ofHours(36)));

    assertThat(preview.decision()).isInstanceOf(Placed.class);
    assertThat(preview.forecastSource()).isPresent();
    assertThat(service.get("maybe")).isEmpty();
  }

  @Test
  void aWhatIfNamedLikeAQueuedJobPlansBesideItAndKeepsItsName() {
    QueueService service = service(traces, new SimulatedExecutor(1));
    service.submit(job("train-a", Duration.ofHours(36)), Optional.empty());
    service.submit(job("what-if", Duration.ofHours(36)), Optional.empty());

    QueueService.Preview preview = service.whatIf(job("train-a", Duration.ofHours(36)));

    assertThat(preview.decision()).isInstanceOf(Placed.class);
    assertThat(preview.decision().workload().id()).isEqualTo("train-a");
    assertThat(service.list(JobFilter.all())).hasSize(2);
    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void aJobRunFasterThanRealTimeHasTheFootprintOfTheRunItStandsFor() {
    QueueService service =
        new QueueService(
            store,
            fleet,
            traces,
            new SimulatedExecutor(3600),
            clock,
            Optional.of(
                new QueueService.Footprints(
                    new FootprintStore(database.dataSource()), EnergyMeter.NONE)));
    Workload job =
        Workload.builder("train-a")
            .like(job("train-a", Duration.ofHours(36)))
            .gpus(4)
            .duration(Duration.ofHours(3))
            .build();
    service.submit(job, Optional.empty());
    service.planCycle();
    clock.now = service.get("train-a").orElseThrow().plan().orElseThrow().start();
    service.dispatchDue();
    service.syncExecutor();

    clock.now = clock.now.plusSeconds(3);
    service.syncExecutor();

    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    Footprint footprint = service.footprint("train-a").orElseThrow();
    assertThat(footprint.gpuHours()).isCloseTo(12, within(1e-6));
    assertThat(footprint.energyKwh()).isCloseTo(4 * 0.4 * 3, within(1e-6));
    assertThat(Duration.between(footprint.start(), footprint.end())).isEqualTo(Duration.ofHours(3));
    assertThat(footprint.kgCo2e()).isGreaterThan(0.1);
  }

  @Test
  void aJobTheExecutorCouldNotTakeIsStartedWhenItCan() {
    CountingExecutor flaky =
        new CountingExecutor() {
          boolean down = true;

          @Override
          public void start(QueuedJob job, io.carbonq.scheduler.queue.PlannedRun plan) {
            if (down) {
              down = false;
              throw new IllegalStateException("cluster unreachable");
            }
            super.start(job, plan);
          }
        };
    QueueService service = service(traces, flaky);
    service.submit(job("train-a", Duration.ofHours(5)), Optional.empty());
    service.planCycle();
    clock.now = service.get("train-a").orElseThrow().plan().orElseThrow().start();

    assertThat(service.dispatchDue()).containsExactly("train-a");
    assertThat(flaky.started).isEmpty();
    assertThat(service.get("train-a").orElseThrow().state()).isEqualTo(JobState.DISPATCHED);

    assertThat(service.recover()).isEqualTo(1);
    assertThat(flaky.started).containsExactly("train-a");
  }

  @Test
  void thePlannerLeavesOutAPoolWhoseClusterIsUnreachable() {
    CountingExecutor frankfurtDown =
        new CountingExecutor() {
          @Override
          public Set<String> unavailablePools() {
            return Set.of("frankfurt-a100");
          }
        };
    QueueService service = service(traces, frankfurtDown);
    Workload german =
        Workload.builder("train-de")
            .owner("ada")
            .image("train:1")
            .gpus(8)
            .gpuModels(Set.of("A100"))
            .duration(Duration.ofHours(4))
            .earliestStart(MONDAY)
            .deadline(MONDAY.plus(Duration.ofHours(36)))
            .regions(List.of("gcp:europe-west3", "gcp:us-west2"))
            .build();
    service.submit(german, Optional.empty());

    service.planCycle();

    assertThat(service.get("train-de").orElseThrow().plan().orElseThrow().pool())
        .isEqualTo("los-angeles-a100");
  }

  @Test
  void jobsRunningOnAPoolThatStopsAnsweringDoNotStopThePlanning() {
    Set<String> down = new java.util.HashSet<>();
    CountingExecutor executor =
        new CountingExecutor() {
          @Override
          public Set<String> unavailablePools() {
            return Set.copyOf(down);
          }
        };
    QueueService service = service(traces, executor);
    // Four hours in Frankfurt only, due in four hours and ten minutes: it starts at once.
    Workload german =
        Workload.builder("train-de")
            .like(job("train-de", Duration.ofMinutes(250)))
            .regions(List.of("gcp:europe-west3"))
            .build();
    service.submit(german, Optional.empty());
    service.planCycle();
    assertThat(service.dispatchDue()).containsExactly("train-de");
    down.add("frankfurt-a100");
    service.submit(job("train-b", Duration.ofHours(36)), Optional.empty());

    service.planCycle();

    assertThat(service.get("train-b").orElseThrow().plan().orElseThrow().pool())
        .isNotEqualTo("frankfurt-a100");
  }

  /** Records what it was asked to start; never reports anything. */
  static class CountingExecutor implements JobExecutor {
    final List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void start(QueuedJob job, io.carbonq.scheduler.queue.PlannedRun plan) {
      if (!started.contains(job.id())) {
        started.add(job.id());
      }
    }

    @Override
    public void pause(QueuedJob job, Instant at) {
      throw new UnsupportedOperationException("this executor never pauses");
    }

    @Override
    public void resume(QueuedJob job, io.carbonq.scheduler.queue.PlannedRun plan, Instant at) {
      throw new UnsupportedOperationException("this executor never resumes");
    }

    @Override
    public boolean knows(String jobId) {
      return started.contains(jobId);
    }

    @Override
    public void cancel(QueuedJob job) {}

    @Override
    public List<RunEvent> poll(Instant now) {
      return List.of();
    }
  }
}
