package io.carbonq.scheduler.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list: its rows in order, how many rows the list holds in all, and where the next
 * page starts when more rows follow. The total is counted in the same transaction as the rows are
 * read, but not from the same snapshot on PostgreSQL: a job that changes state between the two
 * statements may be counted by one and not the other.
 */
public record Page<T>(List<T> rows, long total, Optional<PageKey> next) {
  public Page {
    rows = List.copyOf(rows);
  }
}
