package io.carbonq.scheduler.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of a list ends: the sort key of its last row, a time and then an id that breaks ties
 * (for a job, its submission time and id; for a token, its creation time and id; for a decision
 * log, the entry's time and its sequence number). The next page starts after it, so paging walks
 * the rows by their key rather than by an offset: a row added or removed meanwhile neither repeats
 * another nor makes one be skipped.
 */
public record PageKey(Instant at, String id) {
  public PageKey {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(id, "id");
  }
}
