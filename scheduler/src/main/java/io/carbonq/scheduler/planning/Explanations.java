package io.carbonq.scheduler.planning;

import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** One-line reasons for decisions, in the words a user reads in {@code carbonq plan}. */
final class Explanations {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private Explanations() {}

  static String placed(
      Instant now,
      Instant ready,
      Workload workload,
      NodePool pool,
      List<Segment> segments,
      Basis basis,
      OptionalDouble expected,
      RunNowBaseline runNow) {
    Instant start = segments.get(0).start();
    Instant end = segments.get(segments.size() - 1).end();
    String region = pool.region().name();
    boolean moved = !region.equals(runNow.place().region());
    // "Moved" only from a home: a region the scheduler picked was never the job's.
    String where =
        " in "
            + region
            + (moved && workload.home().isPresent()
                ? " (moved from " + workload.home().get() + ")"
                : "");
    Duration wait = Duration.between(ready, start);
    String when =
        wait.toMinutes() < 1
            ? "starts " + (ready.equals(now) ? "now" : "at " + clock(now, start))
            : "deferred " + compact(wait) + " to " + clock(now, start);
    if (segments.size() > 1) {
      when += " in " + segments.size() + " pieces until " + clock(now, end);
    }
    return switch (basis) {
      case FORECAST -> when + where + ": " + comparison(expected, runNow, moved, wait);
      case FAIL_OPEN ->
          when
              + where
              + ": no forecast for zone "
              + pool.region().zone()
              + ", so the earliest feasible start (fail-open)";
      case LATE ->
          "cannot finish by its deadline "
              + clock(now, workload.deadline())
              + "; "
              + when
              + where
              + " at the earliest free capacity or a cleaner one that ends little later, ending "
              + compact(Duration.between(workload.deadline(), end))
              + " late";
    };
  }

  private static String comparison(
      OptionalDouble expected, RunNowBaseline runNow, boolean moved, Duration wait) {
    String against = against(runNow);
    OptionalDouble now = runNow.kgCo2e();
    if (now.isEmpty() || now.getAsDouble() <= 0) {
      return "no forecast to compare with " + against;
    }
    double saving = 1 - expected.getAsDouble() / now.getAsDouble();
    long percent = Math.round(saving * 100);
    if (percent > 0) {
      return percent + "% less than " + against;
    }
    if (percent < 0) {
      return -percent + "% more than " + against + ": the cleaner windows have no free capacity";
    }
    return moved || !wait.isZero()
        ? "as clean as " + against
        : "no cleaner window before the deadline";
  }

  /**
   * What a saving is measured against, said so: {@code running now in gcp:europe-west3}, or {@code
   * running now on the first free pool (gcp-a100 in gcp:europe-west3; no home set)}.
   */
  private static String against(RunNowBaseline runNow) {
    return switch (runNow.place().basis()) {
      case HOME -> "running now in " + runNow.place().region();
      case FIRST_FREE_POOL ->
          "running now on the first free pool ("
              + runNow.pool().map(pool -> pool.name() + " in ").orElse("")
              + runNow.place().region()
              + "; no home set)";
      case WHERE_IT_RAN -> "running now in " + runNow.place().region() + " (where it ran)";
    };
  }

  static String noMatchingPool(Workload workload) {
    String models =
        workload.gpuModels().isEmpty()
            ? "GPUs"
            : String.join(" or ", new java.util.TreeSet<>(workload.gpuModels())) + " GPUs";
    return "no pool in "
        + String.join(", ", workload.regions())
        + " has "
        + workload.gpus()
        + " "
        + models
        + "; add such a pool or allow more regions or GPU models";
  }

  static String noCapacity(Workload workload, Duration horizon) {
    return "no pool it may use has "
        + workload.gpus()
        + " free GPUs for "
        + compact(workload.duration())
        + " within the "
        + compact(horizon)
        + " planning horizon; it waits for capacity";
  }

  static String beyondHorizon(Workload workload, Instant now, Duration horizon) {
    return "cannot start and finish within the "
        + compact(horizon)
        + " planning horizon (earliest start "
        + clock(now, workload.earliestStart())
        + ", runs "
        + compact(workload.duration())
        + "); a later plan will place it";
  }

  /** {@code 02:00 UTC} on the day of {@code now}, {@code Jun 2 02:00 UTC} on any other. */
  static String clock(Instant now, Instant time) {
    boolean sameDay =
        now.atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .equals(time.atOffset(ZoneOffset.UTC).toLocalDate());
    return (sameDay ? TIME : DAY_TIME).format(time);
  }

  /** {@code 7h}, {@code 1d2h}, {@code 45m}: whole minutes, largest units first. */
  static String compact(Duration duration) {
    long minutes = Math.max(0, duration.toMinutes());
    long days = minutes / 1440;
    long hours = minutes % 1440 / 60;
    long rest = minutes % 60;
    String text =
        (days > 0 ? days + "d" : "")
            + (hours > 0 ? hours + "h" : "")
            + (rest > 0 ? rest + "m" : "");
    return text.isEmpty() ? "0m" : text;
  }
}
