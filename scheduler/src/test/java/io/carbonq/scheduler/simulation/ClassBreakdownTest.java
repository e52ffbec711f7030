package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each policy's emissions by class of job, against each job alone at its best. */
class ClassBreakdownTest {
  private static final Region DIRTY = new Region("dirty", "DIRTY", 1.0);
  private static final Region CLEAN = new Region("clean", "CLEAN", 1.0);

  @Test
  void aJobsClassSaysWhetherItMustStartAtOnceMayPauseMayMoveAndHowLongItRuns() {
    Workload urgent = aWorkload("web", DIRTY, T0, Duration.ofMinutes(30)).build();
    Workload batch =
        aWorkload("etl", DIRTY, T0, Duration.ofMinutes(30)).deadline(T0.plusSeconds(7200)).build();
    Workload trial =
        aWorkload("trial-1", DIRTY, T0, Duration.ofHours(8))
            .deadline(T0.plus(Duration.ofDays(2)))
            .regions(List.of("dirty", "clean"))
            .interruptible(true)
            .sweep(new SweepRef("lr", 4))
            .build();
    Workload week =
        aWorkload("pretrain", DIRTY, T0, Duration.ofDays(7))
            .deadline(T0.plus(Duration.ofDays(9)))
            .build();

    assertThat(ClassBreakdown.classOf(urgent, urgent)).isEqualTo("latency-sensitive");
    assertThat(ClassBreakdown.classOf(batch, batch)).isEqualTo("pod rigid home <1h");
    assertThat(ClassBreakdown.classOf(trial, trial)).isEqualTo("trial pausable mobile 6-24h");
    assertThat(ClassBreakdown.classOf(week, week)).isEqualTo("pod rigid home >=24h");
  }

  @Test
  void theClassesAddUpToEachPolicyAndToTheOracleAndShowWhereRunningNowLoses() {
    // DIRTY is dirty for the first 12 hours and clean after; CLEAN is clean all along. A job that
    // may move or wait loses carbon under B0; one that must start at once at home loses nothing.
    Workload urgent = aWorkload("web", DIRTY, T0, Duration.ofHours(2)).build();
    Workload mobile =
        aWorkload("train", DIRTY, T0, Duration.ofHours(3))
            .deadline(T0.plus(Duration.ofDays(1)))
            .regions(List.of("dirty", "clean"))
            .build();
    Workload waiting =
        aWorkload("etl", DIRTY, T0, Duration.ofHours(2))
            .deadline(T0.plus(Duration.ofDays(1)))
            .build();
    Scenario world =
        SmallWorld.named("classes")
            .regions(DIRTY, CLEAN)
            .capacities(4, 4)
            .intensity(
                hourly("DIRTY", 240, hour -> hour < 12 ? 500 : 50), hourly("CLEAN", 240, h -> 20))
            .workloads(urgent, mobile, waiting)
            .build();
    Comparison comparison = Comparison.run(world, List.of("B0", "S", "O1"), ProgressListener.NONE);

    List<ClassBreakdown> rows = ClassBreakdown.of(comparison);

    for (SimulationResult result : comparison.results()) {
      List<ClassBreakdown> mine =
          rows.stream().filter(row -> row.policy().equals(result.policy())).toList();
      assertThat(mine.stream().mapToDouble(ClassBreakdown::kgCo2e).sum())
          .isCloseTo(result.kgCo2e(), within(1e-9));
      assertThat(mine.stream().mapToDouble(ClassBreakdown::perJobOracleKg).sum())
          .isCloseTo(comparison.perJobOracleKg().getAsDouble(), within(1e-9));
      assertThat(mine.stream().mapToInt(ClassBreakdown::jobs).sum()).isEqualTo(3);
    }
    Map<String, ClassBreakdown> b0 =
        rows.stream()
            .filter(row -> row.policy().equals("B0"))
            .collect(Collectors.toMap(ClassBreakdown::jobClass, row -> row));
    assertThat(b0.get("latency-sensitive").aboveOracleKg()).isCloseTo(0, within(1e-9));
    assertThat(b0.get("pod rigid mobile 1-6h").aboveOracleKg()).isGreaterThan(0);
    assertThat(b0.get("pod rigid home 1-6h").aboveOracleKg()).isGreaterThan(0);
    Map<String, ClassBreakdown> s =
        rows.stream()
            .filter(row -> row.policy().equals("S"))
            .collect(Collectors.toMap(ClassBreakdown::jobClass, row -> row));
    assertThat(s.get("pod rigid mobile 1-6h").aboveOracleKg())
        .isLessThan(b0.get("pod rigid mobile 1-6h").aboveOracleKg());
  }
}
