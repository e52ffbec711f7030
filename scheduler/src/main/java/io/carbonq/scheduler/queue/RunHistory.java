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

  /** Every piece the job ran, the one running now ending at {@code until}. */
  public List<Segment> pieces(Instant until) {
    List<Segment> pieces = new ArrayList<>(ranPieces);
    runningSince.filter(until::isAfter).ifPresent(since -> pieces.add(new Segment(since, until)));
    return pieces;
  }

  /** The time the job has run up to {@code now}, pauses excluded. */
  public Duration ran(Instant now) {
    return pieces(now).stream().map(Segment::length).reduce(Duration.ZERO, Duration::plus);
  }

  /** How often it started again after a pause. */
  public int resumes() {
    int starts = ranPieces.size() + (runningSince.isPresent() ? 1 : 0);
    return Math.max(0, starts - 1);
  }

  /** The training work done: the time run less the checkpoint restore of every resume. */
  public Duration workDone(Instant now, Duration resumeOverhead) {
    Duration done = ran(now).minus(resumeOverhead.multipliedBy(resumes()));
    return done.isNegative() ? Duration.ZERO : done;
  }
}
