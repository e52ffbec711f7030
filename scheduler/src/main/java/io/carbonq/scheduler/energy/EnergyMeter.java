package io.carbonq.scheduler.energy;

import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Instant;
import java.util.Optional;

/** Reads what a finished run drew; empty when no meter saw it. */
public interface EnergyMeter {
  /** No meter: every run's energy is estimated from rated power. */
  EnergyMeter NONE = (job, start, end) -> Optional.empty();

  Optional<EnergyProfile> measure(QueuedJob job, Instant start, Instant end);
}
