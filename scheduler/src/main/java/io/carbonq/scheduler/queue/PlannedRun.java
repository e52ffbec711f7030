package io.carbonq.scheduler.queue;

import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and when the planner put a job, what it expects that to emit, what starting at once would
 * emit (at its home, else on the first free pool: the why says which), why, and which forecast data
 * the choice rests on. {@code pieces} are the uninterrupted runs from {@code start} to {@code end}:
 * one unless an interruptible job pauses in between.
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

  /** The pieces that start after {@code time}. */
  public List<Segment> piecesAfter(Instant time) {
    return pieces.stream().filter(piece -> piece.start().isAfter(time)).toList();
  }

  /** The first piece that starts after {@code time}, if any. */
  public Optional<Segment> nextPieceAfter(Instant time) {
    return piecesAfter(time).stream().findFirst();
  }

  /** The pieces from {@code now} on, the one running at {@code now} cut to start there. */
  public List<Segment> piecesFrom(Instant now) {
    List<Segment> ahead = new ArrayList<>();
    for (Segment piece : pieces) {
      if (piece.end().isAfter(now)) {
        ahead.add(piece.start().isBefore(now) ? new Segment(now, piece.end()) : piece);
      }
    }
    return ahead;
  }

  /**
   * Whether {@code other} runs where this plan does and as it does from {@code now} on: the same
   * pool, the same number of pieces, each bound within {@code tolerance}.
   */
  public boolean saysTheSameFrom(Instant now, PlannedRun other, Duration tolerance) {
    if (!pool.equals(other.pool)) {
      return false;
    }
    List<Segment> mine = piecesFrom(now);
    List<Segment> theirs = other.piecesFrom(now);
    if (mine.size() != theirs.size()) {
      return false;
    }
    for (int i = 0; i < mine.size(); i++) {
      if (!within(mine.get(i).start(), theirs.get(i).start(), tolerance)
          || !within(mine.get(i).end(), theirs.get(i).end(), tolerance)) {
        return false;
      }
    }
    return true;
  }

  private static boolean within(Instant a, Instant b, Duration tolerance) {
    return Duration.between(a, b).abs().compareTo(tolerance) <= 0;
  }
}
