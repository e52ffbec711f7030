package io.carbonq.scheduler.backtest;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.time.Instant;
import java.util.Map;

/**
 * AS-RUN: each job starts when the history says it did, in its home pool, and runs to its end: what
 * the cluster emitted, measured the way every policy is. The pools are at least as large as the
 * history used them, so every recorded start fits.
 */
public final class RecordedStartsPolicy implements Policy {
  public static final String ID = "AS-RUN";

  private final Map<String, Instant> starts;

  public RecordedStartsPolicy(Map<String, Instant> starts) {
    this.starts = Map.copyOf(starts);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void decide(StepContext context) {
    for (JobRun run : context.waiting()) {
      Instant start = starts.get(run.workload().id());
      if (start != null && !start.isAfter(context.now())) {
        context.start(run, context.regionIndex(run.workload().home().orElseThrow()));
      }
    }
  }
}
