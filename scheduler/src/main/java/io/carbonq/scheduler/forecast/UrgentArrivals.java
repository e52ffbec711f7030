package io.carbonq.scheduler.forecast;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The urgent work expected to arrive. Work that must start on arrival (less than a minute of slack:
 * serving, evaluation and debugging pods) comes back at about the same time of day, so each such
 * workload seen arriving in the last day is expected again one day after it arrived, as large, as
 * long and with as much slack, in the regions it may use. A planner that holds GPUs for it keeps
 * work that could wait out of the way of work that cannot. Learned only from the arrivals seen: it
 * reads no future.
 *
 * <p>Expected workloads are named {@code echo-N}, N counting up; a planner drops one whose name a
 * queued workload has. Thread-safe.
 */
public final class UrgentArrivals {
  /** Urgent work recurs daily. */
  static final Duration PERIOD = Duration.ofDays(1);

  /** Less slack than this is none: the work must start on arrival. */
  static final Duration ON_ARRIVAL = Duration.ofMinutes(1);

  /** The urgent arrivals of the last day, by id, in the order seen, with their echo's name. */
  private final Map<String, Arrival> arrivals = new LinkedHashMap<>();

  private long echoes;

  private record Arrival(Workload workload, String echoId) {}

  /** Takes {@code workload}, queued at {@code now}, into account: urgent work is remembered. */
  public synchronized void observe(Workload workload, Instant now) {
    boolean urgent =
        Duration.between(workload.earliestStart(), workload.latestStart()).compareTo(ON_ARRIVAL)
            < 0;
    // Work queued for more than a day is no recent arrival (and may have been forgotten already).
    if (urgent
        && workload.earliestStart().isAfter(now.minus(PERIOD))
        && !arrivals.containsKey(workload.id())) {
      arrivals.put(workload.id(), new Arrival(workload, "echo-" + ++echoes));
    }
  }

  /**
   * The urgent work expected after {@code now}: each urgent arrival of the last day again, a day
   * later. Arrivals older than a day are forgotten.
   */
  public synchronized List<Workload> expected(Instant now) {
    arrivals.values().removeIf(a -> !a.workload().earliestStart().isAfter(now.minus(PERIOD)));
    List<Workload> expected = new ArrayList<>(arrivals.size());
    for (Arrival arrival : arrivals.values()) {
      Workload workload = arrival.workload();
      Instant at = workload.earliestStart().plus(PERIOD);
      expected.add(
          Workload.builder(arrival.echoId())
              .like(workload)
              .earliestStart(at)
              .deadline(workload.deadline().plus(PERIOD))
              .build());
    }
    return expected;
  }
}
