package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.planning.Segment;
import io.carbonq.scheduler.queue.QueuedJob;
import java.util.List;
import java.util.Optional;

/** Reads what a finished run drew; empty when no meter saw it. */
public interface EnergyMeter {
  /** No meter: every run's energy is estimated from rated power. */
  EnergyMeter NONE = (job, pieces) -> Optional.empty();

  /** What {@code job} drew over the {@code pieces} it ran in (at least one, in order). */
  Optional<EnergyProfile> measure(QueuedJob job, List<Segment> pieces);
}
