package io.carbonq.scheduler.queue;

import io.carbonq.scheduler.planning.Segment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and when the planner put a job, what it expects that to emit, what starting at once at home
 * would emit, why, and which forecast data the choice rests on. {@code pieces} are the
 * uninterrupted runs from {@code start} to {@code end}: one unless an interruptible job pauses in
 * between.
 */
public record PlannedRun(
    String pool,
    String region,
    Instant start,
    Instant end,
    double kgCo2e,
    double nowKgCo2e,
    String why,
    String forecastSource,
    List<Segment> pieces) {

  public PlannedRun {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    pieces = pieces == null || pieces.isEmpty() ? List.of(new Segment(start, end)) : pieces;
    pieces = List.copyOf(pieces);
    if (!pieces.get(0).start().equals(start) || !pieces.get(pieces.size() - 1).end().equals(end)) {
      throw new IllegalArgumentException("pieces must run from start to end");
    }
  }

  /** A run in one window. */
  public PlannedRun(
      String pool,
      String region,
      Instant start,
      Instant end,
      double kgCo2e,
      double nowKgCo2e,
      String why,
      String forecastSource) {
    this(pool, region, start, end, kgCo2e, nowKgCo2e, why, forecastSource, List.of());
  }

  /** Whether the run pauses and resumes. */
  public boolean split() {
    return pieces.size() > 1;
  }

  /** The piece that runs at {@code time}, if any. */
  public Optional<Segment> pieceAt(Instant time) {
    return pieces.stream().filter(piece -> piece.contains(time)).findFirst();
  }

  /** The first piece that starts after {@code time}, if any. */
  public Optional<Segment> nextPieceAfter(Instant time) {
    return pieces.stream().filter(piece -> piece.start().isAfter(time)).findFirst();
  }
}
