package io.carbonq.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.queue.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every queue store does, run against H2 and against a real PostgreSQL. */
abstract class QueueStoreContract {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  Database database;
  QueueStore store;

  abstract Database open();

  @BeforeEach
  void openStore() {
    database = open();
    store = new JdbcQueueStore(database.dataSource());
  }

  @AfterEach
  void closeStore() {
    database.close();
  }

  static Workload workload(String id, String owner) {
    return Workload.builder(id)
        .owner(owner)
        .image("ghcr.io/lab/train:1.4")
        .command(List.of("python", "train.py", "--lr", "3e-4"))
        .gpus(4)
        .gpuModels(Set.of("A100", "H100"))
        .duration(Duration.ofHours(6))
        .earliestStart(NOW)
        .deadline(NOW.plus(Duration.ofHours(48)))
        .regions(List.of("gcp:europe-west3", "gcp:europe-north2"))
        .interruptible(true)
        .priority(3)
        .build();
  }

  static QueuedJob job(String id, String owner, String requestId) {
    return QueuedJob.submitted(workload(id, owner), Optional.ofNullable(requestId), NOW);
  }

  static PlannedRun plan(Instant start) {
    return new PlannedRun(
        "frankfurt-a100",
        "gcp:europe-west3",
        start,
        start.plus(Duration.ofHours(6)),
        12.5,
        20.0,
        "deferred 5h to 17:00 UTC: 38% less than now",
        "electricitymaps (fallback: watttime failed)");
  }

  @Test
  void aSubmittedJobReadsBackExactly() {
    QueuedJob job = job("train-a", "ada", "req-1");

    assertThat(store.submit(job).created()).isTrue();

    QueuedJob read = store.get("train-a").orElseThrow();
    assertThat(read.workload()).isEqualTo(job.workload());
    assertThat(read.state()).isEqualTo(JobState.QUEUED);
    assertThat(read.requestId()).contains("req-1");
    assertThat(read.submittedAt()).isEqualTo(NOW);
    assertThat(store.get("absent")).isEmpty();
  }

  @Test
  void aJobsHomeReadsBackAndAJobWithoutOneStaysWithout() {
    Workload homed =
        Workload.builder("homed").like(workload("homed", "ada")).home("gcp:us-west2").build();
    Workload homeless =
        Workload.builder("homeless")
            .like(workload("homeless", "ada"))
            .home(Optional.empty())
            .build();

    store.submit(QueuedJob.submitted(homed, Optional.empty(), NOW));
    store.submit(QueuedJob.submitted(homeless, Optional.empty(), NOW));

    assertThat(store.get("homed").orElseThrow().workload().home()).contains("gcp:us-west2");
    assertThat(store.get("homeless").orElseThrow().workload().home()).isEmpty();
  }

  @Test
  void resubmittingTheSameRequestReturnsTheFirstJob() {
    store.submit(job("train-a", "ada", "req-1"));

    QueueStore.Submission again = store.submit(job("train-b", "ada", "req-1"));

    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo("train-a");
    assertThat(store.list(JobFilter.all())).hasSize(1);
    // Request ids are per owner.
    assertThat(store.submit(job("train-c", "grace", "req-1")).created()).isTrue();
  }

  @Test
  void anIdTakenByAnotherRequestIsRefused() {
    store.submit(job("train-a", "ada", "req-1"));

    assertThatThrownBy(() -> store.submit(job("train-a", "ada", "req-2")))
        .isInstanceOf(DuplicateIdException.class)
        .hasMessageContaining("train-a");
  }

  @Test
  void concurrentRetriesOfOneRequestQueueOneJob() throws Exception {
    List<Callable<Boolean>> retries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "train-" + i;
      retries.add(() -> store.submit(job(id, "ada", "req-same")).created());
    }

    assertThat(runTogether(retries)).containsOnlyOnce(true);
    assertThat(store.list(JobFilter.all())).hasSize(1);
  }

  @Test
  void aSweepIsStoredWholeOrNotAtAll() {
    store.submit(job("taken", "ada", null));
    List<QueuedJob> trials =
        List.of(job("sweep-000", "ada", "s-000"), job("taken", "ada", "s-001"));

    assertThatThrownBy(() -> store.submitAll(trials)).isInstanceOf(DuplicateIdException.class);

    assertThat(store.get("sweep-000")).isEmpty();
  }

  static QueuedJob trialOf(String sweep, int index) {
    Workload trial =
        Workload.builder(sweep + "-00" + index)
            .like(workload(sweep + "-00" + index, "ada"))
            .sweep(new SweepRef(sweep, 2))
            .build();
    return QueuedJob.submitted(trial, Optional.empty(), NOW);
  }

  @Test
  void aJobAndASweepMayNotShareAName() {
    store.submit(job("shared", "ada", null));

    assertThatThrownBy(() -> store.submitAll(List.of(trialOf("shared", 0), trialOf("shared", 1))))
        .isInstanceOf(DuplicateIdException.class)
        .hasMessage("a job named 'shared' exists already; choose another name");
    assertThat(store.list(JobFilter.all())).hasSize(1);

    store.submitAll(List.of(trialOf("sweep", 0), trialOf("sweep", 1)));
    assertThatThrownBy(() -> store.submit(job("sweep", "ada", null)))
        .isInstanceOf(DuplicateIdException.class)
        .hasMessage("a sweep named 'sweep' exists already; choose another name");
  }

  @Test
  void aPlanIsRecordedOnlyOnTheVersionItWasMadeFor() {
    store.submit(job("train-a", "ada", null));
    QueuedJob queued = store.get("train-a").orElseThrow();

    assertThat(store.recordPlan("train-a", queued.version(), plan(NOW.plusSeconds(3600)), NOW))
        .isTrue();
    assertThat(store.recordPlan("train-a", queued.version(), plan(NOW.plusSeconds(7200)), NOW))
        .isFalse();

    QueuedJob planned = store.get("train-a").orElseThrow();
    assertThat(planned.state()).isEqualTo(JobState.PLANNED);
    assertThat(planned.plan()).contains(plan(NOW.plusSeconds(3600)));
    assertThat(planned.version()).isGreaterThan(queued.version());
  }

  @Test
  void aDeferralClearsThePlanAndSaysWhy() {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, plan(NOW), NOW);
    QueuedJob planned = store.get("train-a").orElseThrow();

    assertThat(store.recordDeferral("train-a", planned.version(), "no pool has 4 free A100", NOW))
        .isTrue();

    QueuedJob deferred = store.get("train-a").orElseThrow();
    assertThat(deferred.state()).isEqualTo(JobState.QUEUED);
    assertThat(deferred.plan()).isEmpty();
    assertThat(deferred.stateReason()).isEqualTo("no pool has 4 free A100");
  }

  @Test
  void exactlyOneOfManyDispatchersMovesAPlannedJob() throws Exception {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, plan(NOW), NOW);
    List<Callable<Boolean>> dispatchers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      dispatchers.add(
          () ->
              store.transition(
                  "train-a", EnumSet.of(JobState.PLANNED), JobState.DISPATCHED, "started", NOW));
    }

    assertThat(runTogether(dispatchers)).containsOnlyOnce(true);
    assertThat(store.get("train-a").orElseThrow().dispatchedAt()).contains(NOW);
    assertThat(store.decisions("train-a"))
        .extracting(DecisionRecord::event)
        .containsExactly("submitted", "planned", "dispatched");
  }

  @Test
  void aCancelledJobIsNeitherPlannedNorDispatched() {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, plan(NOW), NOW);
    QueuedJob planned = store.get("train-a").orElseThrow();

    assertThat(
            store.transition(
                "train-a",
                EnumSet.of(JobState.QUEUED, JobState.PLANNED),
                JobState.CANCELLED,
                "by ada",
                NOW))
        .isTrue();

    assertThat(store.recordPlan("train-a", planned.version(), plan(NOW), NOW)).isFalse();
    assertThat(
            store.transition("train-a", EnumSet.of(JobState.PLANNED), JobState.DISPATCHED, "", NOW))
        .isFalse();
    assertThat(store.get("train-a").orElseThrow().finishedAt()).contains(NOW);
  }

  @Test
  void anImpossibleTransitionIsAProgrammingError() {
    assertThatThrownBy(
            () -> store.transition("x", EnumSet.of(JobState.SUCCEEDED), JobState.RUNNING, "", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a succeeded job cannot become running");
  }

  @Test
  void dueJobsComeEarliestFirstAndOnlyWhenTheirStartHasCome() {
    for (int i = 0; i < 3; i++) {
      store.submit(job("train-" + i, "ada", null));
      store.recordPlan("train-" + i, 0, plan(NOW.plus(Duration.ofHours(2 - i))), NOW);
    }

    assertThat(store.dueForDispatch(NOW.plus(Duration.ofHours(1)), 10))
        .extracting(QueuedJob::id)
        .containsExactly("train-2", "train-1");
    assertThat(store.dueForDispatch(NOW.plus(Duration.ofHours(1)), 1)).hasSize(1);
  }

  @Test
  void listsByOwnerStateAndSweep() {
    store.submit(job("a-1", "ada", null));
    store.submit(job("g-1", "grace", null));
    Workload trial =
        Workload.builder("sweep-000")
            .owner("ada")
            .image("img")
            .earliestStart(NOW)
            .deadline(NOW.plus(Duration.ofDays(1)))
            .regions(List.of("gcp:europe-west3"))
            .sweep(new SweepRef("sweep", 2))
            .build();
    store.submit(QueuedJob.submitted(trial, Optional.empty(), NOW.plusSeconds(1)));
    store.transition("g-1", EnumSet.of(JobState.QUEUED), JobState.CANCELLED, "", NOW);

    assertThat(store.list(JobFilter.all().withOwner("ada")))
        .extracting(QueuedJob::id)
        .containsExactly("a-1", "sweep-000");
    assertThat(store.list(JobFilter.all().withStates(EnumSet.of(JobState.CANCELLED))))
        .extracting(QueuedJob::id)
        .containsExactly("g-1");
    assertThat(store.list(JobFilter.all().withSweep("sweep")))
        .extracting(QueuedJob::id)
        .containsExactly("sweep-000");
    assertThat(store.list(JobFilter.all().withLimit(1))).hasSize(1);
    assertThat(store.countByState())
        .containsEntry(JobState.QUEUED, 2L)
        .containsEntry(JobState.CANCELLED, 1L);
    assertThat(store.plannable()).hasSize(2);
  }

  @Test
  void pagesWalkEveryJobOnceWithTheTotalWhileJobsAreSubmitted() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      // Three jobs a second, so the id breaks ties, and ids out of submission order.
      String id = String.format("job-%04d", i * 719 % 1200);
      jobs.add(QueuedJob.submitted(workload(id, "ada"), Optional.empty(), NOW.plusSeconds(i / 3)));
    }
    store.submitAll(jobs);

    List<String> seen = new ArrayList<>();
    List<Long> totals = new ArrayList<>();
    Optional<PageKey> after = Optional.empty();
    do {
      Page<QueuedJob> page = store.page(JobFilter.all().withLimit(500), after);
      page.rows().forEach(job -> seen.add(job.id()));
      totals.add(page.total());
      int between = totals.size();
      // One sorts before every page read so far, one after every job.
      store.submit(QueuedJob.submitted(workload("early-" + between, "ada"), Optional.empty(), NOW));
      store.submit(
          QueuedJob.submitted(
              workload("late-" + between, "ada"), Optional.empty(), NOW.plusSeconds(3600)));
      after = page.next();
    } while (after.isPresent());

    assertThat(totals).containsExactly(1200L, 1202L, 1204L);
    assertThat(seen).doesNotHaveDuplicates().hasSize(1202);
    assertThat(seen.subList(0, 1200))
        .containsExactlyElementsOf(
            jobs.stream()
                .sorted(Comparator.comparing(QueuedJob::submittedAt).thenComparing(QueuedJob::id))
                .map(QueuedJob::id)
                .toList());
    assertThat(seen.subList(1200, 1202)).containsExactly("late-1", "late-2");
  }

  @Test
  void newestFirstPagesWalkBackFromTheLatestSubmission() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Two jobs a second, so the id breaks ties, and ids out of submission order.
      String id = String.format("j-%02d", i * 7 % 30);
      jobs.add(QueuedJob.submitted(workload(id, "ada"), Optional.empty(), NOW.plusSeconds(i / 2)));
    }
    store.submitAll(jobs);
    JobFilter newest = JobFilter.all().withLimit(7).withNewestFirst();

    List<String> seen = new ArrayList<>();
    Page<QueuedJob> page = store.page(newest, Optional.empty());
    seen.addAll(page.rows().stream().map(QueuedJob::id).toList());
    while (page.next().isPresent()) {
      page = store.page(newest, page.next());
      seen.addAll(page.rows().stream().map(QueuedJob::id).toList());
    }

    assertThat(seen)
        .containsExactlyElementsOf(
            jobs.stream()
                .sorted(
                    Comparator.comparing(QueuedJob::submittedAt)
                        .thenComparing(QueuedJob::id)
                        .reversed())
                .map(QueuedJob::id)
                .toList());
    assertThat(store.list(newest.withLimit(2)))
        .extracting(QueuedJob::id)
        .containsExactly(seen.get(0), seen.get(1));
  }

  @Test
  void filtersCombineWithThePageKey() {
    List<QueuedJob> jobs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      jobs.add(
          QueuedJob.submitted(
              workload(String.format("j-%02d", i), i % 3 == 0 ? "grace" : "ada"),
              Optional.empty(),
              NOW.plusSeconds(i)));
    }
    store.submitAll(jobs);
    for (int i = 1; i < 30; i += 5) {
      store.transition(
          String.format("j-%02d", i), EnumSet.of(JobState.QUEUED), JobState.CANCELLED, "", NOW);
    }
    JobFilter adasQueued =
        JobFilter.all().withOwner("ada").withStates(EnumSet.of(JobState.QUEUED)).withLimit(4);

    List<String> seen = new ArrayList<>();
    Page<QueuedJob> page = store.page(adasQueued, Optional.empty());
    seen.addAll(page.rows().stream().map(QueuedJob::id).toList());
    while (page.next().isPresent()) {
      page = store.page(adasQueued, page.next());
      assertThat(page.total()).isEqualTo(16);
      seen.addAll(page.rows().stream().map(QueuedJob::id).toList());
    }

    assertThat(seen)
        .containsExactly(
            "j-02", "j-04", "j-05", "j-07", "j-08", "j-10", "j-13", "j-14", "j-17", "j-19", "j-20",
            "j-22", "j-23", "j-25", "j-28", "j-29")
        .hasSize(16);
    assertThat(store.page(adasQueued.withLimit(16), Optional.empty()).next()).isEmpty();
  }

  @Test
  void theDecisionLogComesAPageAtATime() {
    store.submit(job("train-a", "ada", null));
    for (int version = 0; version < 4; version++) {
      store.recordPlan("train-a", version, plan(NOW.plusSeconds(1800 + version)), NOW);
    }

    Page<DecisionRecord> first = store.decisions("train-a", Optional.empty(), 2);
    Page<DecisionRecord> second = store.decisions("train-a", first.next(), 2);
    Page<DecisionRecord> third = store.decisions("train-a", second.next(), 2);

    assertThat(first.total()).isEqualTo(5);
    assertThat(first.rows())
        .extracting(DecisionRecord::event)
        .containsExactly("submitted", "planned");
    assertThat(second.rows())
        .extracting(DecisionRecord::start)
        .containsExactly(Optional.of(NOW.plusSeconds(1801)), Optional.of(NOW.plusSeconds(1802)));
    assertThat(third.rows()).hasSize(1);
    assertThat(third.next()).isEmpty();
    assertThat(store.decisions("train-a")).hasSize(5);
  }

  @Test
  void theDecisionLogKeepsWhatEachPlanExpectedAndWhichDataItUsed() {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, plan(NOW.plusSeconds(1800)), NOW);

    DecisionRecord planned = store.decisions("train-a").get(1);
    assertThat(planned.event()).isEqualTo("planned");
    assertThat(planned.pool()).contains("frankfurt-a100");
    assertThat(planned.start()).contains(NOW.plusSeconds(1800));
    assertThat(planned.kgCo2e()).contains(12.5);
    assertThat(planned.nowKgCo2e()).contains(20.0);
    assertThat(planned.forecastSource()).contains("electricitymaps (fallback: watttime failed)");
  }

  /** Three hours from 13:00, three more from 22:00. */
  static PlannedRun split() {
    Instant first = NOW.plus(Duration.ofHours(1));
    Instant second = NOW.plus(Duration.ofHours(10));
    return new PlannedRun(
        "frankfurt-a100",
        "gcp:europe-west3",
        first,
        second.plus(Duration.ofHours(3)),
        10.0,
        20.0,
        "in 2 pieces",
        "trace",
        List.of(
            new Segment(first, first.plus(Duration.ofHours(3))),
            new Segment(second, second.plus(Duration.ofHours(3)))));
  }

  @Test
  void aJobRunsInPiecesAndKeepsWhatEachPieceRan() {
    PlannedRun split = split();
    Instant first = split.start();
    Instant second = split.pieces().get(1).start();
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, split, NOW);
    assertThat(store.get("train-a").orElseThrow().plan()).contains(split);

    store.transition("train-a", Set.of(JobState.PLANNED), JobState.DISPATCHED, "go", first);
    store.transition("train-a", Set.of(JobState.DISPATCHED), JobState.RUNNING, "up", first);
    assertThat(store.runningToPause(first.plusSeconds(1)))
        .extracting(QueuedJob::id)
        .containsExactly("train-a");
    Instant pause = first.plus(Duration.ofHours(3));
    assertThat(store.recordPause("train-a", pause, "paused until later")).isTrue();
    assertThat(store.recordPause("train-a", pause, "twice")).isFalse();

    QueuedJob paused = store.get("train-a").orElseThrow();
    assertThat(paused.state()).isEqualTo(JobState.PAUSED);
    RunHistory history = paused.history().orElseThrow();
    assertThat(history.pool()).isEqualTo("frankfurt-a100");
    assertThat(history.ranPieces()).containsExactly(new Segment(first, pause));
    assertThat(history.runningSince()).isEmpty();
    // The first of two equal pieces ran: half the plan's 10 kg.
    assertThat(history.ranPlannedKg()).isEqualTo(5.0);
    // Its plan keeps the piece still to come, with the rest of the predicted emissions.
    PlannedRun left = paused.plan().orElseThrow();
    assertThat(left.pieces()).containsExactly(split.pieces().get(1));
    assertThat(left.start()).isEqualTo(second);
    assertThat(left.kgCo2e()).isEqualTo(5.0);
    assertThat(store.plannable()).extracting(QueuedJob::id).containsExactly("train-a");

    // Replanning a paused job keeps it paused, and it is due when its next piece comes.
    PlannedRun rest =
        new PlannedRun(
            "frankfurt-a100",
            "gcp:europe-west3",
            second,
            second.plus(Duration.ofHours(3)),
            4.0,
            9.0,
            "the rest",
            "trace");
    assertThat(store.recordPlan("train-a", paused.version(), rest, pause)).isTrue();
    assertThat(store.get("train-a").orElseThrow().state()).isEqualTo(JobState.PAUSED);
    assertThat(store.dueForDispatch(second.minusSeconds(1), 10)).isEmpty();
    assertThat(store.dueForDispatch(second, 10)).extracting(QueuedJob::id).contains("train-a");

    store.transition("train-a", Set.of(JobState.PAUSED), JobState.DISPATCHED, "resumed", second);
    store.transition("train-a", Set.of(JobState.DISPATCHED), JobState.RUNNING, "up", second);
    Instant end = second.plus(Duration.ofHours(2));
    store.transition("train-a", Set.of(JobState.RUNNING), JobState.SUCCEEDED, "done", end);

    QueuedJob done = store.get("train-a").orElseThrow();
    assertThat(done.startedAt()).contains(first);
    assertThat(done.dispatchedAt()).contains(first);
    assertThat(done.history().orElseThrow().pieces(done.finishedAt().orElseThrow()))
        .containsExactly(new Segment(first, pause), new Segment(second, end));
    assertThat(store.decisions("train-a"))
        .extracting(DecisionRecord::event)
        .containsExactly(
            "submitted",
            "planned",
            "dispatched",
            "running",
            "paused",
            "planned",
            "dispatched",
            "running",
            "succeeded");
  }

  @Test
  void aDeferredPausedJobStaysPausedWithoutAPlan() {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, split(), NOW);
    Instant start = split().start();
    store.transition("train-a", Set.of(JobState.PLANNED), JobState.DISPATCHED, "go", start);
    store.transition("train-a", Set.of(JobState.DISPATCHED), JobState.RUNNING, "up", start);
    store.recordPause("train-a", start.plusSeconds(600), "paused");
    QueuedJob paused = store.get("train-a").orElseThrow();

    assertThat(store.recordDeferral("train-a", paused.version(), "no room", NOW)).isTrue();

    QueuedJob deferred = store.get("train-a").orElseThrow();
    assertThat(deferred.state()).isEqualTo(JobState.PAUSED);
    assertThat(deferred.plan()).isEmpty();
    assertThat(deferred.history().orElseThrow().pool()).isEqualTo("frankfurt-a100");
    assertThatThrownBy(
            () -> store.transition("train-a", Set.of(JobState.RUNNING), JobState.PAUSED, "no", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRunningJobPlannedAgainKeepsRunningWithWhatItRanSoFarBanked() {
    PlannedRun whole = plan(NOW);
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, whole, NOW);
    store.transition("train-a", Set.of(JobState.PLANNED), JobState.DISPATCHED, "go", NOW);
    store.transition("train-a", Set.of(JobState.DISPATCHED), JobState.RUNNING, "up", NOW);
    QueuedJob running = store.get("train-a").orElseThrow();
    Instant later = NOW.plus(Duration.ofHours(3));
    PlannedRun rest = split();

    assertThat(store.recordPlan("train-a", running.version(), rest, later)).isTrue();

    QueuedJob replanned = store.get("train-a").orElseThrow();
    assertThat(replanned.state()).isEqualTo(JobState.RUNNING);
    assertThat(replanned.stateReason()).isEqualTo("up");
    assertThat(replanned.plan()).contains(rest);
    RunHistory history = replanned.history().orElseThrow();
    // Half of the 6-hour plan ran: half its 12.5 kg is banked, and the run goes on from "later".
    assertThat(history.ranPlannedKg()).isEqualTo(6.25);
    assertThat(history.runningSince()).contains(later);
    assertThat(history.pieces(later.plusSeconds(60)))
        .containsExactly(new Segment(NOW, later.plusSeconds(60)));
    assertThat(history.resumes(later.plusSeconds(60))).isZero();
  }

  @Test
  void aDispatchedJobSaysWhyItWaitsOnceForEachNewReason() {
    store.submit(job("train-a", "ada", null));
    store.recordPlan("train-a", 0, plan(NOW), NOW);
    store.transition("train-a", Set.of(JobState.PLANNED), JobState.DISPATCHED, "go", NOW);

    assertThat(store.recordReason("train-a", JobState.DISPATCHED, "pending: ErrImagePull", NOW))
        .isTrue();
    assertThat(store.recordReason("train-a", JobState.DISPATCHED, "pending: ErrImagePull", NOW))
        .isFalse();
    assertThat(store.recordReason("train-a", JobState.RUNNING, "elsewhere", NOW)).isFalse();

    assertThat(store.get("train-a").orElseThrow().stateReason()).isEqualTo("pending: ErrImagePull");
    assertThat(store.decisions("train-a"))
        .extracting(DecisionRecord::event)
        .containsExactly("submitted", "planned", "dispatched", "waiting");
  }

  static List<Boolean> runTogether(List<Callable<Boolean>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (Callable<Boolean> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<Boolean> results = new ArrayList<>();
      for (Future<Boolean> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
