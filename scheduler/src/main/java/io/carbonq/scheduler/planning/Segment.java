package io.carbonq.scheduler.planning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One uninterrupted piece of a placed run, {@code [start, end)}. */
public record Segment(Instant start, Instant end) {
  public Segment {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("segment must end after it starts: " + start + "–" + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** How long {@code segments} last together. */
  public static Duration total(List<Segment> segments) {
    return segments.stream().map(Segment::length).reduce(Duration.ZERO, Duration::plus);
  }

  public boolean contains(Instant time) {
    return !time.isBefore(start) && time.isBefore(end);
  }
}
