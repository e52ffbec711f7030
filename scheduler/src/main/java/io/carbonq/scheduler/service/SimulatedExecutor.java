package io.carbonq.scheduler.service;

import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster on this machine that runs nothing: a job "runs" from its start for its estimated
 * duration divided by {@code speedup}, pauses and resumes when told, so {@code serve} works end to
 * end with no cluster; a finished job's footprint counts the run it stands for, not the wall time
 * it took. Each run "prints" where and when it started, paused and ended (see {@link
 * SimulatedOutput}). It lives in memory; after a restart the service starts again what it
 * dispatched, and a resumed job it no longer knows runs its remaining work.
 */
public final class SimulatedExecutor implements JobExecutor {
  /** {@code left}: the run time still to go; {@code since}: when it started running, if it runs. */
  private record Run(Duration left, Optional<Instant> since, boolean reportedRunning) {}

  private final double speedup;
  private final Duration resumeOverhead;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final SimulatedOutput output;

  /**
   * @param speedup how much faster than real time jobs run (1 for real time)
   */
  public SimulatedExecutor(double speedup) {
    this(speedup, Duration.ZERO);
  }

  /**
   * @param resumeOverhead the work a resume adds (the checkpoint restore), before the speedup
   */
  public SimulatedExecutor(double speedup, Duration resumeOverhead) {
    if (!(speedup >= 1)) {
      throw new IllegalArgumentException("speedup must be at least 1, got " + speedup);
    }
    this.speedup = speedup;
    this.resumeOverhead = resumeOverhead;
    this.output = new SimulatedOutput(speedup);
  }

  @Override
  public synchronized void start(QueuedJob job, PlannedRun plan) {
    if (runs.containsKey(job.id())) {
      return;
    }
    Instant start = job.dispatchedAt().orElse(plan.start());
    Duration work = job.workload().duration();
    runs.put(job.id(), new Run(scaled(work), Optional.of(start), false));
    output.started(job.id(), start, plan.pool(), work);
  }

  @Override
  public synchronized void pause(QueuedJob job, Instant at) {
    Run run = runs.get(job.id());
    if (run == null || run.since().isEmpty()) {
      return;
    }
    Duration ran = Duration.between(run.since().get(), at);
    if (ran.compareTo(run.left()) >= 0) {
      return; // it finished before the pause; poll reports that
    }
    runs.put(job.id(), new Run(run.left().minus(ran), Optional.empty(), false));
    output.paused(job.id(), at);
  }

  @Override
  public synchronized void resume(QueuedJob job, PlannedRun plan, Instant at) {
    Run run = runs.get(job.id());
    if (run != null && run.since().isPresent()) {
      return;
    }
    Duration left = run != null ? run.left() : scaled(job.workLeft(at, resumeOverhead));
    runs.put(job.id(), new Run(left.plus(scaled(resumeOverhead)), Optional.of(at), false));
    output.resumed(job.id(), at, plan.pool(), unscaled(left), resumeOverhead);
  }

  private Duration scaled(Duration duration) {
    return Duration.ofNanos((long) (duration.toNanos() / speedup));
  }

  /** The work a scaled duration stands for, to the second. */
  private Duration unscaled(Duration duration) {
    return Duration.ofSeconds(Math.round(duration.toNanos() * speedup / 1e9));
  }

  /**
   * Each piece did {@code speedup} times its length of work: the run has pieces that long, each
   * from where it began or, when the one before still ran then, right after it.
   */
  @Override
  public List<Segment> run(List<Segment> ran) {
    List<Segment> run = new ArrayList<>();
    Instant free = Instant.MIN;
    for (Segment piece : ran) {
      Instant start = piece.start().isAfter(free) ? piece.start() : free;
      Instant end = start.plusMillis(Math.round(piece.length().toNanos() * speedup / 1e6));
      run.add(new Segment(start, end));
      free = end;
    }
    return run;
  }

  @Override
  public synchronized boolean knows(String jobId) {
    return runs.containsKey(jobId);
  }

  @Override
  public synchronized void cancel(QueuedJob job) {
    if (runs.remove(job.id()) != null) {
      output.cancelled(job.id());
    }
  }

  @Override
  public synchronized List<RunLog> logs(QueuedJob job) {
    return output.logs(job.id());
  }

  @Override
  public synchronized List<RunEvent> poll(Instant now) {
    List<RunEvent> events = new ArrayList<>();
    for (var it = runs.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      Run run = entry.getValue();
      if (run.since().isEmpty()) {
        continue;
      }
      Instant since = run.since().get();
      if (!run.reportedRunning() && !now.isBefore(since)) {
        events.add(
            new RunEvent(
                entry.getKey(), JobState.RUNNING, since, "running on the simulated cluster"));
        run = new Run(run.left(), run.since(), true);
        entry.setValue(run);
      }
      Instant end = since.plus(run.left());
      if (!now.isBefore(end)) {
        events.add(
            new RunEvent(
                entry.getKey(), JobState.SUCCEEDED, end, "finished on the simulated cluster"));
        output.finished(entry.getKey(), end);
        it.remove();
      }
    }
    return events;
  }
}
