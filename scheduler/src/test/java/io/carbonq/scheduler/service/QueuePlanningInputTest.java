package io.carbonq.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.domain.Reservation;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Placed;
import io.carbonq.scheduler.planning.Planner;
import io.carbonq.scheduler.planning.PlanningInput;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import io.carbonq.scheduler.testing.TwoValleys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The queue as the planner sees it: remaining work of started jobs, GPUs the others hold. */
class QueuePlanningInputTest {
  static final Instant MONDAY = TwoValleys.MONDAY;
  final Fleet fleet =
      new Fleet(
          ConfigLoader.parse(
              """
              pools:
                - {name: frankfurt-a100, region: gcp:europe-west3, gpuModel: A100, gpus: 8}
                - {name: london-h100, region: gcp:europe-west2, gpuModel: H100, gpus: 8}
              policy: {step: 30m, resumeOverhead: 6m}
              """,
              "test"));

  static Instant at(int hours, int minutes) {
    return MONDAY.plus(Duration.ofHours(hours).plusMinutes(minutes));
  }

  static PlannedRun plan(Segment... pieces) {
    return new PlannedRun(
        "frankfurt-a100",
        "gcp:europe-west3",
        pieces[0].start(),
        pieces[pieces.length - 1].end(),
        1,
        2,
        "why",
        "trace",
        List.of(pieces));
  }

  static QueuedJob job(
      String id,
      JobState state,
      PlannedRun plan,
      Optional<RunHistory> history,
      boolean interruptible) {
    Workload workload = TwoValleys.fourHourJob(id, interruptible);
    return new QueuedJob(
        workload,
        Optional.empty(),
        state,
        "",
        MONDAY,
        Optional.of(plan),
        Optional.of(MONDAY),
        Optional.of(MONDAY),
        Optional.empty(),
        history,
        1);
  }

  PlanningInput input(Instant now, List<QueuedJob> toPlan, List<QueuedJob> holding) {
    return QueuePlanningInput.of(
        now, toPlan, holding, List.of(), fleet.pools(), Map.of(), Map.of(), fleet);
  }

  @Test
  void aPausedJobIsPlannedAsItsRemainingWorkAndTheResumeOnItsPool() {
    QueuedJob paused =
        job(
            "paused",
            JobState.PAUSED,
            plan(new Segment(at(6, 0), at(8, 0))),
            Optional.of(
                new RunHistory(
                    "frankfurt-a100",
                    List.of(new Segment(at(0, 0), at(2, 6))),
                    1.0,
                    Optional.empty())),
            true);

    PlanningInput input = input(at(3, 0), List.of(paused), List.of());

    Workload rest = input.workloads().get(0);
    assertThat(rest.duration()).isEqualTo(Duration.ofMinutes(114 + 6));
    assertThat(rest.deadline()).isEqualTo(paused.workload().deadline());
    assertThat(input.interruptions().pausedOn()).containsEntry("paused", "frankfurt-a100");
    assertThat(input.interruptions().runningOn()).isEmpty();
    assertThat(input.interruptions().progressOf("paused")).isEqualTo(Duration.ofMinutes(126));
  }

  @Test
  void aRemainderBetweenWholeSecondsIsRoundedUpAsAWorkloadsDurationMustBe() {
    QueuedJob running =
        job(
            "running",
            JobState.RUNNING,
            plan(new Segment(at(0, 0), at(4, 0))),
            Optional.of(new RunHistory("frankfurt-a100", List.of(), 0, Optional.of(at(0, 0)))),
            true);

    PlanningInput input = input(at(1, 0).plusMillis(250), List.of(running), List.of(running));

    assertThat(input.workloads().get(0).duration()).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void aRunningInterruptibleJobIsPlannedWithoutAResumeAndHoldsNothing() {
    QueuedJob running =
        job(
            "running",
            JobState.RUNNING,
            plan(new Segment(at(0, 0), at(4, 0))),
            Optional.of(new RunHistory("frankfurt-a100", List.of(), 0, Optional.of(at(0, 0)))),
            true);

    PlanningInput input = input(at(1, 0), List.of(running), List.of(running));

    assertThat(input.workloads().get(0).duration()).isEqualTo(Duration.ofHours(3));
    assertThat(input.interruptions().runningOn()).containsEntry("running", "frankfurt-a100");
    assertThat(input.committed()).isEmpty();
  }

  @Test
  void otherJobsHoldTheirGpusInThePiecesTheyStillRunAndOverrunsAStep() {
    QueuedJob split =
        job(
            "split",
            JobState.DISPATCHED,
            plan(new Segment(at(0, 0), at(2, 0)), new Segment(at(6, 0), at(8, 0))),
            Optional.empty(),
            true);
    QueuedJob overrun =
        job(
            "overrun",
            JobState.RUNNING,
            plan(new Segment(at(0, 0), at(1, 0))),
            Optional.of(new RunHistory("frankfurt-a100", List.of(), 0, Optional.of(at(0, 0)))),
            false);

    PlanningInput input = input(at(1, 30), List.of(), List.of(split, overrun));

    assertThat(input.committed())
        .containsExactlyInAnyOrder(
            new Reservation("frankfurt-a100", at(1, 30), at(2, 0), 8),
            new Reservation("frankfurt-a100", at(6, 0), at(8, 0), 8),
            new Reservation("frankfurt-a100", at(1, 30), at(2, 0), 8));
  }

  @Test
  void jobsOnAPoolThatDoesNotAnswerHoldNothingThePlannerCouldSee() {
    QueuedJob running =
        job(
            "running",
            JobState.RUNNING,
            plan(new Segment(at(0, 0), at(4, 0))),
            Optional.empty(),
            false);

    PlanningInput input =
        QueuePlanningInput.of(
            at(1, 0),
            List.of(),
            List.of(running),
            List.of(),
            fleet.pools().stream().filter(p -> p.name().equals("london-h100")).toList(),
            Map.of(),
            Map.of(),
            fleet);

    assertThat(input.committed()).isEmpty();
  }

  @Test
  void aJobLongerThanTheHorizonIsPlannedOverAsLongASpanAsItRuns() {
    Duration horizon = fleet.config().policy().horizon();
    Workload shortJob = TwoValleys.fourHourJob("short", false);
    Workload longJob =
        Workload.builder("long")
            .like(shortJob)
            .duration(horizon.plusDays(1))
            .deadline(MONDAY.plus(horizon).plus(Duration.ofDays(2)))
            .build();
    QueuedJob queued =
        new QueuedJob(
            longJob,
            Optional.empty(),
            JobState.QUEUED,
            "",
            MONDAY,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            1);

    PlanningInput input = input(MONDAY, List.of(queued), List.of());

    assertThat(input.horizon()).isEqualTo(horizon.plusDays(1).plus(Duration.ofMinutes(30)));
    assertThat(Planner.plan(input).decisionFor("long").orElseThrow()).isInstanceOf(Placed.class);
    assertThat(input(MONDAY, List.of(), List.of()).horizon()).isEqualTo(horizon);
  }
}
