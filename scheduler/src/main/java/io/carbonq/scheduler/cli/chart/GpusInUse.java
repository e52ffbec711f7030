package io.carbonq.scheduler.cli.chart;

import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.RunSpan;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.time.Duration;
import java.time.Instant;

/** The GPUs a policy's runs held in one region over time, from the stretches they ran. */
final class GpusInUse {
  private GpusInUse() {}

  /** The mean GPUs held in each of the {@code steps / perHour} hours from {@code from}. */
  static double[] hourly(
      SimulationResult result, int region, Instant from, Duration step, int steps, int perHour) {
    return means(perStep(result, region, from, step, steps), perHour);
  }

  /**
   * GPUs held in {@code region} at each step's start: every stretch a workload ran there, counted
   * from the step it started in to the step it ended in, paused time not at all.
   */
  static double[] perStep(
      SimulationResult result, int region, Instant from, Duration step, int steps) {
    long[] change = new long[steps + 1];
    long stepNanos = step.toNanos();
    for (JobRun run : result.runs()) {
      for (RunSpan span : run.spans()) {
        if (span.region() != region) {
          continue;
        }
        int first = stepIndex(from, span.from(), stepNanos, steps);
        int last = stepIndex(from, span.until(), stepNanos, steps);
        change[first] += run.workload().gpus();
        change[last] -= run.workload().gpus();
      }
    }
    double[] gpus = new double[steps];
    long held = 0;
    for (int i = 0; i < steps; i++) {
      held += change[i];
      gpus[i] = held;
    }
    return gpus;
  }

  /** The mean of each {@code size} values in a row. */
  static double[] means(double[] values, int size) {
    double[] means = new double[values.length / size];
    for (int i = 0; i < means.length; i++) {
      double sum = 0;
      for (int j = 0; j < size; j++) {
        sum += values[i * size + j];
      }
      means[i] = sum / size;
    }
    return means;
  }

  /** The first step starting at or after {@code t}, within {@code [0, steps]}. */
  private static int stepIndex(Instant from, Instant t, long stepNanos, int steps) {
    long nanos = Duration.between(from, t).toNanos();
    long index = nanos <= 0 ? 0 : (nanos + stepNanos - 1) / stepNanos;
    return (int) Math.min(steps, index);
  }
}
