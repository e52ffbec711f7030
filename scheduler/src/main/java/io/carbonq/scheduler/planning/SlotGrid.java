package io.carbonq.scheduler.planning;

import java.time.Duration;
import java.time.Instant;

/**
 * The planning horizon cut into equal slots. Slot boundaries are aligned to the step since the
 * epoch (so a 30-minute step gives :00 and :30), and the first slot contains {@code now}. Times
 * inside the planner are whole seconds after {@link #origin()}.
 */
record SlotGrid(Instant origin, long stepSeconds, int slots) {

  static SlotGrid covering(Instant now, Duration step, Duration horizon) {
    long stepSeconds = step.getSeconds();
    if (stepSeconds <= 0) {
      throw new IllegalArgumentException("step must be at least one second, got " + step);
    }
    long originSeconds = Math.floorDiv(now.getEpochSecond(), stepSeconds) * stepSeconds;
    Instant origin = Instant.ofEpochSecond(originSeconds);
    long span = Duration.between(origin, now.plus(horizon)).getSeconds();
    int slots = (int) Math.max(1, (span + stepSeconds - 1) / stepSeconds);
    return new SlotGrid(origin, stepSeconds, slots);
  }

  /** Seconds after the origin, rounded up so that a start is never before {@code time}. */
  long offset(Instant time) {
    Duration since = Duration.between(origin, time);
    return since.getSeconds() + (since.getNano() > 0 ? 1 : 0);
  }

  Instant at(long offset) {
    return origin.plusSeconds(offset);
  }

  /** The slot that contains {@code offset}. */
  int slotOf(long offset) {
    return (int) (offset / stepSeconds);
  }

  long startOf(int slot) {
    return slot * stepSeconds;
  }

  /** The end of the last slot, in seconds after the origin. */
  long end() {
    return slots * stepSeconds;
  }
}
