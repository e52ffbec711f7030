package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How long a run that drew power only in {@code pieces} ran within an interval. */
final class RunCoverage {
  private RunCoverage() {}

  /** Seconds of {@code [from, to)} that some piece covers (the pieces do not overlap). */
  static long seconds(Instant from, Instant to, List<Segment> pieces) {
    long covered = 0;
    for (Segment piece : pieces) {
      Instant a = piece.start().isAfter(from) ? piece.start() : from;
      Instant b = piece.end().isBefore(to) ? piece.end() : to;
      covered += Math.max(0, Duration.between(a, b).toSeconds());
    }
    return covered;
  }
}
