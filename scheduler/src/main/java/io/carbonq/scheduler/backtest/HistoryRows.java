package io.carbonq.scheduler.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jobs and skipped rows of one history file as its reader finds them, in file order; makes the
 * {@link History} and refuses one without a single usable GPU job, since a backtest of nothing
 * would only hide that the file was the wrong one.
 */
final class HistoryRows {
  private final List<HistoryJob> jobs = new ArrayList<>();
  private final List<History.Skipped> skipped = new ArrayList<>();

  void add(HistoryJob job) {
    jobs.add(job);
  }

  void skip(String where, UnusableRow why) {
    skipped.add(new History.Skipped(where, why.reason(), why.detail()));
  }

  History history(String source, String format) {
    History history = new History(source, format, jobs, skipped);
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + ": no GPU job that ran to its end in this "
              + format
              + " file"
              + (skipped.isEmpty() ? ", which has no rows" : "; skipped " + counts(history)));
    }
    return history;
  }

  private static String counts(History history) {
    return history.skippedByReason().entrySet().stream()
        .map(entry -> entry.getValue() + " " + entry.getKey())
        .collect(Collectors.joining(", "));
  }
}
