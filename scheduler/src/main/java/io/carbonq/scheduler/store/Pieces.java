package io.carbonq.scheduler.store;

import io.carbonq.scheduler.planning.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Pieces of a run as one column: {@code "startMs-endMs,startMs-endMs"} in epoch milliseconds. */
final class Pieces {
  private Pieces() {}

  static String format(List<Segment> pieces) {
    return pieces.stream()
        .map(piece -> piece.start().toEpochMilli() + "-" + piece.end().toEpochMilli())
        .collect(Collectors.joining(","));
  }

  /** The pieces in {@code text}; none for NULL or empty text. */
  static List<Segment> parse(String text) {
    List<Segment> pieces = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return pieces;
    }
    for (String piece : text.split(",")) {
      int dash = piece.indexOf('-', 1);
      pieces.add(
          new Segment(
              Instant.ofEpochMilli(Long.parseLong(piece.substring(0, dash))),
              Instant.ofEpochMilli(Long.parseLong(piece.substring(dash + 1)))));
    }
    return pieces;
  }
}
