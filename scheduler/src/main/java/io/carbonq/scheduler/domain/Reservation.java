package io.carbonq.scheduler.domain;

import java.time.Instant;
import java.util.Objects;

/** GPUs of a pool already committed over {@code [start, end)}, e.g. to a running workload. */
public record Reservation(String pool, Instant start, Instant end, int gpus) {
  public Reservation {
    Objects.requireNonNull(pool, "pool");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("reservation on " + pool + ": end must be after start");
    }
    if (gpus <= 0) {
      throw new IllegalArgumentException("reservation on " + pool + ": gpus must be > 0");
    }
  }
}
