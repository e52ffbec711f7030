package io.carbonq.scheduler.backtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GPU jobs read from a history file, with every row that did not become one and why: a backtest
 * says what it left out as plainly as what it used.
 */
public record History(String source, String format, List<HistoryJob> jobs, List<Skipped> skipped) {

  /**
   * A row not used: where it is ({@code file line 12} or {@code file item 3}), the reason in a few
   * words that group alike rows ({@code never started}, {@code no GPU}, {@code job step}, {@code
   * unreadable}), and the detail (the offending value and what was expected).
   */
  public record Skipped(String where, String reason, String detail) {}

  public History {
    jobs = List.copyOf(jobs);
    skipped = List.copyOf(skipped);
  }

  /** How many rows were skipped for each reason, reasons in alphabetical order. */
  public Map<String, Integer> skippedByReason() {
    Map<String, Integer> counts = new TreeMap<>();
    skipped.forEach(row -> counts.merge(row.reason(), 1, Integer::sum));
    return counts;
  }
}
