package io.carbonq.scheduler.backtest;

/**
 * Why one row of a history file does not become a {@link HistoryJob}: thrown while the row is read,
 * caught by its reader, which records it as {@link History.Skipped} and goes on with the next row.
 * The reason is one of a few words that group alike rows; the detail names the value at fault.
 */
final class UnusableRow extends RuntimeException {
  static final String JOB_STEP = "job step";
  static final String NO_GPU = "no GPU";
  static final String NEVER_STARTED = "never started";
  static final String STILL_RUNNING = "still running";
  static final String RAN_FOR_NO_TIME = "ran for no time";
  static final String UNREADABLE = "unreadable";

  private final String reason;

  UnusableRow(String reason, String detail) {
    // No stack trace: a skipped row is an expected outcome, and files have many.
    super(detail, null, false, false);
    this.reason = reason;
  }

  static UnusableRow unreadable(String detail) {
    return new UnusableRow(UNREADABLE, detail);
  }

  String reason() {
    return reason;
  }

  String detail() {
    return getMessage();
  }
}
