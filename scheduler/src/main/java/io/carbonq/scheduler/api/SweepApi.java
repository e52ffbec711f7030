package io.carbonq.scheduler.api;

import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.energy.Footprint;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.store.DuplicateIdException;
import io.carbonq.scheduler.store.JobFilter;
import io.carbonq.scheduler.store.TokenStore.Caller;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sweep as one thing: its status (trials by state, kgCO2e planned and realised, when the last
 * trial is expected to end) and its cancellation (every open trial). A caller sees and cancels only
 * its own trials unless it is an admin; a sweep with none it may see is a 404.
 */
final class SweepApi {
  private final QueueService service;

  SweepApi(QueueService service) {
    this.service = service;
  }

  /**
   * The trials of the sweep named in the path, of the caller or of the owner an admin names with
   * {@code ?owner=}, oldest first; a 404 when there are none.
   */
  private List<QueuedJob> trials(Context ctx, Caller caller) {
    String name = ctx.pathParam("id");
    String owner = ApiServer.namedOwner(ctx, caller);
    List<QueuedJob> trials = service.list(JobFilter.all().withSweep(JobKeys.key(owner, name)));
    if (trials.isEmpty()) {
      throw Problem.notFound("no sweep '" + name + "' of " + owner);
    }
    return trials;
  }

  /**
   * The sweep's status: {@code trials}, {@code states} (every state and its count), {@code open},
   * the kgCO2e planned for the trials that have a plan and were not cancelled, with what running
   * now (at home, else on the first free pool) would emit, the kgCO2e realised by the finished
   * trials' footprints, and {@code expectedEnd}: the latest planned end of the open trials (null
   * while one has no plan yet, as {@code unplanned} counts, or when none is open, {@code
   * finishedAt} then being the last end).
   */
  Map<String, Object> status(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    List<QueuedJob> trials = trials(ctx, caller);
    Map<JobState, Integer> states = new EnumMap<>(JobState.class);
    for (JobState state : JobState.values()) {
      states.put(state, 0);
    }
    Sum planned = new Sum();
    Sum runNow = new Sum();
    int open = 0;
    int unplanned = 0;
    Optional<Instant> expectedEnd = Optional.empty();
    Optional<Instant> finishedAt = Optional.empty();
    for (QueuedJob trial : trials) {
      states.merge(trial.state(), 1, Integer::sum);
      Optional<PlannedRun> plan = trial.plan();
      if (plan.isPresent() && trial.state() != JobState.CANCELLED) {
        planned.add(plan.get().kgCo2e());
        runNow.add(plan.get().nowKgCo2e());
      }
      if (trial.state().isFinal()) {
        finishedAt = later(finishedAt, trial.finishedAt());
        continue;
      }
      open++;
      if (plan.isEmpty()) {
        unplanned++;
      } else {
        expectedEnd = later(expectedEnd, Optional.of(plan.get().end()));
      }
    }
    Set<String> visible = trials.stream().map(QueuedJob::id).collect(Collectors.toSet());
    Sum realised = new Sum();
    String key = trials.get(0).workload().sweep().orElseThrow().sweepId();
    for (Footprint footprint : service.sweepFootprints(key)) {
      if (visible.contains(footprint.jobId())) {
        realised.add(footprint.kgCo2e());
      }
    }
    QueuedJob first = trials.get(0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sweep", id);
    body.put("owner", first.owner());
    body.put("trials", trials.size());
    body.put("maxParallel", first.workload().sweep().map(ref -> ref.maxParallel()).orElse(null));
    body.put("deadline", first.workload().deadline().toString());
    Map<String, Integer> byState = new LinkedHashMap<>();
    states.forEach((state, count) -> byState.put(state.label(), count));
    body.put("states", byState);
    body.put("open", open);
    body.put("plannedKgCo2e", planned.value());
    body.put("plannedTrials", planned.count());
    body.put("runNowKgCo2e", runNow.value());
    body.put("realisedKgCo2e", realised.value());
    body.put("realisedTrials", realised.count());
    body.put("unplanned", unplanned);
    body.put(
        "expectedEnd",
        open > 0 && unplanned == 0 ? expectedEnd.map(Instant::toString).orElse(null) : null);
    body.put("finishedAt", open == 0 ? finishedAt.map(Instant::toString).orElse(null) : null);
    return body;
  }

  /**
   * Cancels every open trial of the sweep; {@code cancelled} lists them and {@code finished} counts
   * the trials that had already finished. A sweep with no open trial is a 409.
   */
  Map<String, Object> cancel(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    List<QueuedJob> trials = trials(ctx, caller);
    List<String> cancelled = new ArrayList<>();
    for (QueuedJob trial : trials) {
      if (!trial.state().isFinal()
          && service.cancel(trial.id(), caller.owner()) == QueueService.Cancelled.CANCELLED) {
        cancelled.add(JobKeys.name(trial.id()));
      }
    }
    if (cancelled.isEmpty()) {
      throw Problem.conflict(
          "sweep '"
              + id
              + "' has no open trial to cancel: its "
              + (trials.size() == 1 ? "trial has" : trials.size() + " trials have")
              + " finished");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sweep", id);
    body.put("cancelled", cancelled);
    body.put("finished", trials.size() - cancelled.size());
    return body;
  }

  /**
   * The conflict for a sweep that could not be queued because a name was taken: the sweep's own
   * name when a sweep has it, else the first trial's name a job has (the store names only the first
   * trial of the request).
   */
  Problem nameTaken(Sweep sweep, DuplicateIdException e) {
    if (!service.list(JobFilter.all().withSweep(sweep.id()).withLimit(1)).isEmpty()) {
      return Problem.conflict(
          "a sweep named '" + JobKeys.name(sweep.id()) + "' exists already; choose another name");
    }
    // Only on this error path: one look-up per trial until the taken name is found.
    String detail =
        sweep.trials().stream()
            .filter(trial -> service.get(trial.id()).isPresent())
            .findFirst()
            .map(trial -> new DuplicateIdException(trial.id()).getMessage())
            .orElse(e.getMessage());
    return Problem.conflict("sweep '" + JobKeys.name(sweep.id()) + "' cannot be queued: " + detail);
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.filter(time -> time.isAfter(a.get())).or(() -> a);
  }

  /** A sum of kgCO2e that skips unknown (NaN) values and counts the known ones. */
  private static final class Sum {
    private double total;
    private int count;

    void add(double kg) {
      if (Double.isFinite(kg)) {
        total += kg;
        count++;
      }
    }

    Double value() {
      return count == 0 ? null : Math.round(total * 1000) / 1000.0;
    }

    int count() {
      return count;
    }
  }
}
