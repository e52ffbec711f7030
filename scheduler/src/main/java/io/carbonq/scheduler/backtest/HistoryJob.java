package io.carbonq.scheduler.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One GPU job of a cluster's history, as its scheduler recorded it: who ran it and in which
 * partition, namespace or queue ({@code group}), when it was submitted, started and ended, on how
 * many GPUs, with its time limit and final state when the history has them, and its labels and
 * annotations (where a Kubernetes export may say how flexible the job was). Only jobs that ran on
 * at least one GPU are histories' jobs; the rest are {@link History.Skipped}.
 */
public record HistoryJob(
    String id,
    String user,
    String group,
    Instant submit,
    Instant start,
    Instant end,
    int gpus,
    Optional<String> gpuModel,
    Optional<Duration> timeLimit,
    String state,
    Map<String, String> labels) {

  /** More GPUs than any one job has held: a larger count is a broken row, not a job. */
  public static final int MAX_GPUS = 100_000;

  public HistoryJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(gpuModel, "gpuModel");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(state, "state");
    labels = Map.copyOf(labels);
    if (gpus < 1 || gpus > MAX_GPUS) {
      throw new IllegalArgumentException(
          "job " + id + ": gpus must be between 1 and " + MAX_GPUS + ", got " + gpus);
    }
    if (start.isBefore(submit)) {
      throw new IllegalArgumentException(
          "job " + id + ": started " + start + ", before it was submitted " + submit);
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "job " + id + ": ended " + end + ", not after it started " + start);
    }
  }

  /** How long it ran. */
  public Duration runTime() {
    return Duration.between(start, end);
  }

  /** How long it waited in the queue. */
  public Duration waited() {
    return Duration.between(submit, start);
  }
}
