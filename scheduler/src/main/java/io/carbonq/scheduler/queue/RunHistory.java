package io.carbonq.scheduler.queue;

import io.carbonq.scheduler.planning.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a dispatched job has run so far: the pool its run lives on (a paused job resumes there), the
 * pieces it ran and paused after, the kgCO2e its plans predicted for those pieces, and since when
 * it runs now (empty while it is paused or not yet running).
 */
public record RunHistory(
    String pool, List<Segment> ranPieces, double ranPlannedKg, Optional<Instant> runningSince) {

  public RunHistory {
    Objects.requireNonNull(pool, "pool");
    ranPieces = List.copyOf(ranPieces);
    Objects.requireNonNull(runningSince, "runningSince");
  }

  /**
   * Every piece the job ran, the one running now ending at {@code until}; pieces that touch (a
   * replan while it ran) are one.
   */
  public List<Segment> pieces(Instant until) {
    List<Segment> all = new ArrayList<>(ranPieces);
    runningSince.filter(until::isAfter).ifPresent(since -> all.add(new Segment(since, until)));
    List<Segment> merged = new ArrayList<>();
    for (Segment piece : all) {
      Segment last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !piece.start().isAfter(last.end())) {
        merged.set(merged.size() - 1, new Segment(last.start(), piece.end()));
      } else {
        merged.add(piece);
      }
    }
    return merged;
  }

  /**
   * The history once the piece running now ends at {@code at}: that piece joins those run, with
   * {@code pieceKg} of predicted kgCO2e, and nothing runs.
   */
  public RunHistory closedAt(Instant at, double pieceKg) {
    return new RunHistory(pool, pieces(at), ranPlannedKg + pieceKg, Optional.empty());
  }

  /** The time the job has run up to {@code now}, pauses excluded. */
  public Duration ran(Instant now) {
    return Segment.total(pieces(now));
  }

  /** How often it started again after a pause, up to {@code now}. */
  public int resumes(Instant now) {
    List<Segment> pieces = pieces(now);
    boolean justResumed =
        runningSince.filter(since -> !now.isAfter(since)).isPresent() && !ranPieces.isEmpty();
    return Math.max(0, pieces.size() - 1) + (justResumed ? 1 : 0);
  }

  /** The training work done: the time run less the checkpoint restore of every resume. */
  public Duration workDone(Instant now, Duration resumeOverhead) {
    Duration done = ran(now).minus(resumeOverhead.multipliedBy(resumes(now)));
    return done.isNegative() ? Duration.ZERO : done;
  }
}
