package io.carbonq.scheduler.service;

import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.PlannedRun;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster on this machine that runs nothing: a job "runs" from its start for its estimated
 * duration divided by {@code speedup}, so {@code serve} works end to end with no cluster. It lives
 * in memory; after a restart the service starts again what it dispatched.
 */
public final class SimulatedExecutor implements JobExecutor {
  private record Run(Instant start, Instant end, boolean reportedRunning) {}

  private final double speedup;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  /**
   * @param speedup how much faster than real time jobs run (1 for real time)
   */
  public SimulatedExecutor(double speedup) {
    if (!(speedup >= 1)) {
      throw new IllegalArgumentException("speedup must be at least 1, got " + speedup);
    }
    this.speedup = speedup;
  }

  @Override
  public synchronized void start(QueuedJob job, PlannedRun plan) {
    if (runs.containsKey(job.id())) {
      return;
    }
    Instant start = job.dispatchedAt().orElse(plan.start());
    long nanos = (long) (job.workload().duration().toNanos() / speedup);
    runs.put(job.id(), new Run(start, start.plus(Duration.ofNanos(nanos)), false));
  }

  @Override
  public synchronized boolean knows(String jobId) {
    return runs.containsKey(jobId);
  }

  @Override
  public synchronized void cancel(String jobId) {
    runs.remove(jobId);
  }

  @Override
  public synchronized List<RunEvent> poll(Instant now) {
    List<RunEvent> events = new ArrayList<>();
    for (var it = runs.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      Run run = entry.getValue();
      if (!run.reportedRunning() && !now.isBefore(run.start())) {
        events.add(
            new RunEvent(
                entry.getKey(), JobState.RUNNING, run.start(), "started on the simulated cluster"));
        run = new Run(run.start(), run.end(), true);
        entry.setValue(run);
      }
      if (!now.isBefore(run.end())) {
        events.add(
            new RunEvent(
                entry.getKey(),
                JobState.SUCCEEDED,
                run.end(),
                "finished on the simulated cluster"));
        it.remove();
      }
    }
    return events;
  }
}
