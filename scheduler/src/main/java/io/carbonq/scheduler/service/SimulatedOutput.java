package io.carbonq.scheduler.service;

import io.carbonq.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines the simulated cluster's jobs "print", a run at a time, so that {@code carbonq logs}
 * shows something true with no cluster: where and when each run started, paused and ended. It lives
 * in memory, for the last {@link #JOBS_KEPT} jobs to start, and is forgotten on a restart. Not
 * thread-safe: the executor calls it under its own lock.
 */
final class SimulatedOutput {
  static final int JOBS_KEPT = 10_000;

  private record Run(Instant start, StringBuilder text) {}

  private final Map<String, List<Run>> runs =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Run>> eldest) {
          return size() > JOBS_KEPT;
        }
      };

  private final String faster;

  /**
   * @param speedup how much faster than real time the runs go, said when it is not 1
   */
  SimulatedOutput(double speedup) {
    this.faster =
        speedup == 1
            ? ""
            : ", run "
                + java.math.BigDecimal.valueOf(speedup).stripTrailingZeros().toPlainString()
                + "× faster";
  }

  void started(String jobId, Instant at, String pool, Duration work) {
    begin(
        jobId,
        at,
        "simulated run on " + pool + ": " + DurationText.format(work) + " of work" + faster);
  }

  void resumed(String jobId, Instant at, String pool, Duration workLeft, Duration restore) {
    begin(
        jobId,
        at,
        "resumed on "
            + pool
            + ": "
            + DurationText.format(workLeft)
            + " of work left, "
            + DurationText.format(restore)
            + " restoring");
  }

  /** Lines are short, time first, to fit 80 columns as a terminal shows them. */
  private void begin(String jobId, Instant at, String text) {
    Run run = new Run(at, new StringBuilder());
    runs.computeIfAbsent(jobId, id -> new ArrayList<>()).add(run);
    line(run, at, text);
  }

  void paused(String jobId, Instant at) {
    last(jobId).ifPresent(run -> line(run, at, "paused at the end of its planned piece"));
  }

  void finished(String jobId, Instant at) {
    last(jobId).ifPresent(run -> line(run, at, "finished"));
  }

  /** Cancelled at a moment the executor is not told: the line has no time. */
  void cancelled(String jobId) {
    last(jobId).ifPresent(run -> run.text().append("cancelled: the run stopped\n"));
  }

  /** Every run of the job, oldest first, named "run 1", "run 2"…; none when it never started. */
  List<RunLog> logs(String jobId) {
    List<RunLog> logs = new ArrayList<>();
    List<Run> known = runs.getOrDefault(jobId, List.of());
    for (int i = 0; i < known.size(); i++) {
      Run run = known.get(i);
      logs.add(new RunLog("run " + (i + 1), Optional.of(run.start()), run.text().toString()));
    }
    return logs;
  }

  private Optional<Run> last(String jobId) {
    List<Run> known = runs.getOrDefault(jobId, List.of());
    return known.isEmpty() ? Optional.empty() : Optional.of(known.get(known.size() - 1));
  }

  private static void line(Run run, Instant at, String text) {
    run.text().append(at).append(' ').append(text).append('\n');
  }
}
