package io.carbonq.scheduler.planning;

import static io.carbonq.scheduler.TestData.POWER;
import static io.carbonq.scheduler.TestData.R1;
import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static io.carbonq.scheduler.TestData.hourly;
import static io.carbonq.scheduler.TestData.hours;
import static io.carbonq.scheduler.TestData.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerReserveTest {
  /** A 10-GPU pool, clean from 02:00 to 04:00, when 2 of its GPUs are already taken. */
  static PlanningInput input(double reserveShare, Workload... workloads) {
    return new PlanningInput(
        T0,
        List.of(workloads),
        List.of(pool("p1", R1, "A100", 10)),
        List.of(new Reservation("p1", hours(2), hours(4), 2)),
        Map.of("Z1", hourly("Z1", T0, 300, 300, 100, 100, 300, 300, 300, 300)),
        POWER,
        Duration.ofMinutes(30),
        Duration.ofHours(8),
        reserveShare);
  }

  static Placed placed(Plan plan, String id) {
    return (Placed) plan.decisionFor(id).orElseThrow();
  }

  @Test
  void workThatCanWaitLeavesTheReserveFree() {
    Workload flexible = aWorkload("flexible").gpus(7).deadline(hours(8)).build();

    assertThat(placed(Planner.plan(input(0, flexible)), "flexible").start()).isEqualTo(hours(2));
    assertThat(placed(Planner.plan(input(0.2, flexible)), "flexible").start()).isEqualTo(T0);
  }

  @Test
  void workThatCannotWaitUsesTheWholePool() {
    Workload urgent =
        aWorkload("urgent").gpus(8).earliestStart(hours(2)).deadline(hours(3)).build();

    Placed placed = placed(Planner.plan(input(0.2, urgent)), "urgent");

    assertThat(placed.start()).isEqualTo(hours(2));
    assertThat(placed.basis()).isEqualTo(Basis.FORECAST);
  }

  @Test
  void theShareMustBeBelowOne() {
    assertThatThrownBy(() -> input(1.0)).hasMessage("reserveShare must be in [0, 1), got 1.0");
  }

  /** Eight GPUs expected from 02:00 to 03:00, as an echo of urgent work would be. */
  static Workload expectedAt2(String id) {
    return aWorkload(id).gpus(8).earliestStart(hours(2)).deadline(hours(3)).build();
  }

  @Test
  void workThatCanWaitLeavesRoomForTheUrgentWorkExpected() {
    Workload flexible = aWorkload("flexible").gpus(7).deadline(hours(8)).build();

    Plan plan = Planner.plan(input(0, flexible), List.of(expectedAt2("echo-1")));

    // 02:00 to 03:00 is the cleanest start, but the expected work holds the GPUs the flexible
    // work would need then.
    assertThat(placed(plan, "flexible").start()).isEqualTo(hours(3));
    assertThat(plan.decisions()).extracting(d -> d.workload().id()).containsExactly("flexible");
  }

  @Test
  void workThatMustRunNowGoesBeforeTheUrgentWorkExpected() {
    Workload urgent =
        aWorkload("urgent").gpus(8).duration(Duration.ofHours(3)).deadline(hours(3)).build();

    Plan plan = Planner.plan(input(0, urgent), List.of(expectedAt2("echo-1")));

    assertThat(placed(plan, "urgent").start()).isEqualTo(T0);
  }

  @Test
  void expectedWorkNamedLikeQueuedWorkIsLeftOut() {
    Workload flexible = aWorkload("flexible").gpus(7).deadline(hours(8)).build();

    Plan plan = Planner.plan(input(0, flexible), List.of(expectedAt2("flexible")));

    assertThat(placed(plan, "flexible").start()).isEqualTo(hours(2));
    assertThat(plan.decisions()).hasSize(1);
  }
}
