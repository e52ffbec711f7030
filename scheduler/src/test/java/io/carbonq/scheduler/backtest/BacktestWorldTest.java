package io.carbonq.scheduler.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.scheduler.simulation.ForecastMode;
import io.carbonq.scheduler.simulation.ProgressListener;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A history laid on the simulator: AS-RUN is what the history emitted, the pools what it used. */
class BacktestWorldTest {
  static final Instant MONDAY = Instant.parse("2031-03-03T00:00:00Z");
  static final double WATTS = 300;
  static final double PUE = 1.2;

  /** Hourly, three weeks from the Saturday before: 100 g at midnight, 10 g more each hour. */
  static IntensitySeries grid(String zone, int days) {
    double[] values = new double[24 * days];
    for (int hour = 0; hour < values.length; hour++) {
      values[hour] = 100 + 10 * (hour % 24);
    }
    return new IntensitySeries(
        zone,
        MONDAY.minus(Duration.ofDays(2)),
        Duration.ofHours(1),
        values,
        SignalKind.AVERAGE,
        DataKind.ACTUAL,
        "test");
  }

  static HistoryJob job(
      String id, String group, String submit, String start, String end, int gpus) {
    return new HistoryJob(
        id,
        "alice",
        group,
        MONDAY.plus(Duration.parse(submit)),
        MONDAY.plus(Duration.parse(start)),
        MONDAY.plus(Duration.parse(end)),
        gpus,
        Optional.empty(),
        Optional.empty(),
        "COMPLETED",
        Map.of());
  }

  static BacktestWorld.Settings settings(List<PoolSpec> pools, FlexibilityRules rules) {
    return new BacktestWorld.Settings(
        pools, Optional.empty(), rules, WATTS, Duration.ofMinutes(5), ForecastMode.PERFECT, 1);
  }

  /**
   * kgCO2e of the jobs as they ran, minute by minute on the hourly grid: not the simulator's way.
   */
  static double recomputed(List<HistoryJob> jobs) {
    double grams = 0;
    for (HistoryJob job : jobs) {
      for (Instant minute = job.start();
          minute.isBefore(job.end());
          minute = minute.plusSeconds(60)) {
        long hour = Duration.between(MONDAY.minus(Duration.ofDays(2)), minute).toHours();
        double intensity = 100 + 10 * (hour % 24);
        double kwh = job.gpus() * WATTS * PUE / 1000 / 60;
        grams += kwh * intensity;
      }
    }
    return grams / 1000;
  }

  final List<HistoryJob> jobs =
      List.of(
          job("1", "gpu", "PT8H", "PT9H5M", "PT11H15M", 2),
          job("2", "gpu", "PT8H30M", "PT9H30M", "PT20H", 4),
          job("3", "big", "PT22H", "PT23H55M", "PT26H", 8),
          job("4", "gpu", "PT30H", "PT30H", "PT31H", 1));

  @Test
  void asRunEmitsWhatTheHistoryEmittedRecomputedIndependently() {
    History history = new History("test", "test", jobs, List.of());
    BacktestWorld world =
        BacktestWorld.build(
            history,
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 21)));

    Backtest backtest = Backtest.run(world, List.of("B0", "B2"), ProgressListener.NONE);

    assertThat(backtest.asRun().kgCo2e()).isCloseTo(recomputed(jobs), within(1e-9));
    assertThat(backtest.asRun().deadlineMisses()).isZero();
    assertThat(backtest.asRun().completedGpuHours())
        .isCloseTo(2 * 2.1667 + 4 * 10.5 + 8 * 2.0833 + 1, within(0.01));
    // Waiting for the night's 100 g is allowed by 12 h of slack: B2 must emit less.
    SimulationResult b2 = backtest.comparison().results().get(1);
    assertThat(b2.kgCo2e()).isLessThan(backtest.asRun().kgCo2e());
    assertThat(b2.deadlineMisses()).isZero();
  }

  @Test
  void timesOffTheStepsStillGiveTheHistorysEmissionsWithinAStep() {
    List<HistoryJob> odd =
        List.of(
            job("1", "gpu", "PT8H1M", "PT9H7M13S", "PT11H2M", 2),
            job("2", "gpu", "PT8H", "PT10H59M", "PT12H58M", 3));
    History history = new History("test", "test", odd, List.of());
    BacktestWorld world =
        BacktestWorld.build(
            history,
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ZERO)),
            Map.of("Z", grid("Z", 21)));

    Backtest backtest = Backtest.run(world, List.of("B0"), ProgressListener.NONE);

    // Each run starts up to five minutes late, where the grid may be up to 10 g dearer an hour on.
    double slip = (2 + 3) * WATTS * PUE / 1000 * (5.0 / 60) * 330 / 1000;
    assertThat(backtest.asRun().kgCo2e()).isCloseTo(recomputed(odd), within(slip));
    assertThat(backtest.asRun().deadlineMisses())
        .as("no slack at all: the recorded run still makes its own end")
        .isZero();
  }

  @Test
  void poolsAreAtLeastAsLargeAsTheHistoryUsedThem() {
    History history = new History("test", "test", jobs, List.of());
    BacktestWorld inferred =
        BacktestWorld.build(
            history,
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 21)));
    // Jobs 1 and 2 overlap in gpu (2 + 4); 4 runs alone.
    assertThat(inferred.scenario().capacities()).containsExactly(6, 8);
    assertThat(inferred.recordedPeaks()).containsEntry("gpu", 6).containsEntry("big", 8);

    BacktestWorld configured =
        BacktestWorld.build(
            history,
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 16), new PoolSpec("big", "Z", PUE, 4)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 21)));
    assertThat(configured.scenario().capacities()).containsExactly(16, 8);
    assertThat(configured.notes())
        .anySatisfy(note -> assertThat(note).contains("pool big holds 4 GPUs").contains("ran 8"));
  }

  @Test
  void runsBackToBackWithinAStepNeedOnePoolsWorthAndAsRunStillReplaysThem() {
    // Two 8-GPU runs, the second starting 4 s after the first ended: never 16 at once.
    List<HistoryJob> backToBack =
        List.of(
            job("1", "p", "PT8H", "PT8H", "PT10H1M", 8),
            job("2", "p", "PT8H", "PT10H1M4S", "PT12H", 8));
    BacktestWorld world =
        BacktestWorld.build(
            new History("test", "test", backToBack, List.of()),
            settings(
                List.of(new PoolSpec("p", "Z", PUE, 0)), FlexibilityRules.defaults(Duration.ZERO)),
            Map.of("Z", grid("Z", 21)));

    assertThat(world.scenario().capacities()).containsExactly(8);
    assertThat(world.recordedPeaks()).containsEntry("p", 8);
    Backtest backtest = Backtest.run(world, List.of("B0"), ProgressListener.NONE);
    assertThat(backtest.asRun().deadlineMisses()).isZero();
    assertThat(backtest.asRun().unfinished()).isZero();
  }

  @Test
  void aLatencySensitiveJobThatStartedWithinMinutesMeetsItsDeadlineAsItRan() {
    HistoryJob serving =
        new HistoryJob(
            "pod",
            "",
            "p",
            MONDAY.plus(Duration.ofHours(8)).plusSeconds(60),
            MONDAY.plus(Duration.ofHours(8)).plusSeconds(340),
            MONDAY.plus(Duration.ofHours(12)),
            1,
            Optional.empty(),
            Optional.empty(),
            "COMPLETED",
            Map.of("qos", "LS"));
    BacktestWorld world =
        BacktestWorld.build(
            new History("test", "test", List.of(serving), List.of()),
            settings(
                List.of(new PoolSpec("p", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 21)));

    Backtest backtest = Backtest.run(world, List.of("B0", "B2"), ProgressListener.NONE);
    assertThat(backtest.asRun().deadlineMisses()).isZero();
    assertThat(world.deadlineRules()).containsOnlyKeys("latency-sensitive");
    // It may not wait for a cleaner hour: B2 runs it at once.
    assertThat(backtest.comparison().results().get(1).meanWaitHours()).isLessThan(0.1);
  }

  @Test
  void aJobWithALabelCarbonqCannotReadIsLeftOutAndSaidSo() {
    HistoryJob odd =
        new HistoryJob(
            "ns/odd",
            "",
            "gpu",
            MONDAY.plus(Duration.ofHours(8)),
            MONDAY.plus(Duration.ofHours(9)),
            MONDAY.plus(Duration.ofHours(10)),
            1,
            Optional.empty(),
            Optional.empty(),
            "COMPLETED",
            Map.of("carbonq.io/deadline", "soon"));
    List<HistoryJob> mixed = new ArrayList<>(jobs);
    mixed.add(odd);
    BacktestWorld world =
        BacktestWorld.build(
            new History("test", "test", mixed, List.of()),
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 21)));
    assertThat(world.scenario().workloads()).hasSize(4);
    assertThat(world.notes())
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("1 job left out for a label carbonq cannot read")
                    .contains("job ns/odd: carbonq.io/deadline 'soon'"));
  }

  @Test
  void jobsOfAGroupNoPoolIsNamedAfterGoToTheHomeTheUserChose() {
    History history = new History("test", "test", jobs, List.of());
    BacktestWorld world =
        BacktestWorld.build(
            history,
            new BacktestWorld.Settings(
                List.of(new PoolSpec("east", "Z", PUE, 0), new PoolSpec("west", "Z", PUE, 0)),
                Optional.of("WEST"),
                FlexibilityRules.defaults(Duration.ofHours(12)),
                WATTS,
                Duration.ofMinutes(5),
                ForecastMode.PERFECT,
                1),
            Map.of("Z", grid("Z", 21)));
    assertThat(world.scenario().workloads())
        .allSatisfy(workload -> assertThat(workload.home()).contains("west"));
    assertThat(world.notes()).contains("4 jobs homed in west (--home)");
  }

  @Test
  void gridDataThatEndsBeforeTheHistoryIsRefusedAndDataThatEndsBeforeADeadlineIsStretched() {
    History history = new History("test", "test", jobs, List.of());
    IntensitySeries oneDay =
        new IntensitySeries(
            "Z",
            MONDAY.minus(Duration.ofDays(7)),
            Duration.ofHours(1),
            new double[24 * 8],
            SignalKind.AVERAGE,
            DataKind.ACTUAL,
            "short");
    assertThatThrownBy(
            () ->
                BacktestWorld.build(
                    history,
                    settings(
                        List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                        FlexibilityRules.defaults(Duration.ofHours(12))),
                    Map.of("Z", oneDay)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends 2031-03-04T00:00:00Z, before the history's last job ends");

    IntensitySeries justTheHistory =
        new IntensitySeries(
            "Z",
            MONDAY.minus(Duration.ofDays(7)),
            Duration.ofHours(1),
            new double[24 * 8 + 8],
            SignalKind.AVERAGE,
            DataKind.ACTUAL,
            "short");
    List<String> notes =
        BacktestWorld.build(
                history,
                settings(
                    List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                    FlexibilityRules.defaults(Duration.ofHours(12))),
                Map.of("Z", justTheHistory))
            .notes();
    assertThat(notes).anySatisfy(note -> assertThat(note).contains("its last week repeats"));
  }

  @Test
  void aHundredThousandJobsAreLaidOnTheSimulator() {
    List<HistoryJob> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      long submit = 60L * (i % 40_000);
      many.add(
          new HistoryJob(
              "j" + i,
              "u",
              i % 3 == 0 ? "big" : "gpu",
              MONDAY.plusSeconds(submit),
              MONDAY.plusSeconds(submit + 600),
              MONDAY.plusSeconds(submit + 600 + 1800 + 60L * (i % 300)),
              1 + i % 4,
              Optional.empty(),
              Optional.empty(),
              "COMPLETED",
              Map.of()));
    }
    BacktestWorld world =
        BacktestWorld.build(
            new History("many", "test", many, List.of()),
            settings(
                List.of(new PoolSpec("gpu", "Z", PUE, 0), new PoolSpec("big", "Z", PUE, 0)),
                FlexibilityRules.defaults(Duration.ofHours(12))),
            Map.of("Z", grid("Z", 60)));
    assertThat(world.scenario().workloads()).hasSize(100_000);
    assertThat(world.deadlineRules()).containsEntry("default slack 12h", 100_000);
  }
}
