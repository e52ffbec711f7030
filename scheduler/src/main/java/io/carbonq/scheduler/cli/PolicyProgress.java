package io.carbonq.scheduler.cli;

import io.carbonq.scheduler.simulation.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/**
 * Shows on standard error how far {@code carbonq simulate} has got, one policy after another:
 *
 * <ul>
 *   <li>on a terminal, a bar of the workloads settled and the time left, redrawn in place with a
 *       carriage return and left as one line per policy when it finishes;
 *   <li>in a file or a pipe, one plain line per policy when it finishes, so that CI logs and pipes
 *       get no redraws;
 *   <li>when quiet, nothing.
 * </ul>
 *
 * Policies left out are named in every mode, as their rows are missing from the result. The time
 * left is the wall time the policy has taken so far per workload settled, times the workloads left.
 */
final class PolicyProgress implements ProgressListener {
  enum Mode {
    BAR,
    LINES,
    QUIET
  }

  /** Between two redraws at the same percentage, so the time left moves without flooding. */
  private static final Duration REDRAW_EVERY = Duration.ofMillis(250);

  /** Ids are padded to this, so that bars of one run line up (S-pinned is the longest usual id). */
  private static final int ID_WIDTH = 8;

  private static final int MAX_BAR = 40;
  private static final int MIN_BAR = 10;

  /** What a line holds besides the id and the bar: brackets, percentage and "ETA 59m59s". */
  private static final int FIXED_WIDTH = 2 + 2 + 2 + 4 + 2 + 10;

  private final PrintWriter err;
  private final Mode mode;
  private final int barWidth;
  private final InstantSource clock;

  private String running;
  private Instant started;
  private Instant drawnAt;
  private int drawnPercent;
  private int drawnLength;

  PolicyProgress(PrintWriter err, Mode mode, int columns, InstantSource clock) {
    this.err = err;
    this.mode = mode;
    this.clock = clock;
    // One column spare: a line that fills the last one wraps on some terminals.
    this.barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, columns - 1 - ID_WIDTH - FIXED_WIDTH));
  }

  /** A bar on a terminal, lines elsewhere, nothing when {@code quiet}. */
  static PolicyProgress on(
      PrintWriter err, Terminal errTerminal, InstantSource clock, boolean quiet) {
    Mode mode = quiet ? Mode.QUIET : errTerminal.interactive() ? Mode.BAR : Mode.LINES;
    return new PolicyProgress(err, mode, errTerminal.columns(), clock);
  }

  @Override
  public void progressed(String policy, long done, long total) {
    Instant now = clock.instant();
    if (!policy.equals(running)) {
      running = policy;
      started = now;
      drawnAt = null;
      drawnPercent = -1;
    }
    Duration elapsed = Duration.between(started, now);
    if (done >= total) {
      finished(policy, elapsed);
      running = null;
    } else if (mode == Mode.BAR) {
      int percent = percent(done, total);
      if (drawnAt == null
          || percent != drawnPercent
          || Duration.between(drawnAt, now).compareTo(REDRAW_EVERY) >= 0) {
        draw(
            bar(policy, done, total, barWidth)
                + "  ETA "
                + timeLeft(elapsed, done, total).map(PolicyProgress::compact).orElse("--"));
        drawnAt = now;
        drawnPercent = percent;
      }
    }
  }

  @Override
  public void skipped(String policy, String reason) {
    if (drawnLength > 0) {
      draw("");
      err.print('\r');
      drawnLength = 0;
    }
    running = null;
    err.println(policy + " skipped: " + reason);
    err.flush();
  }

  private void finished(String policy, Duration elapsed) {
    switch (mode) {
      case BAR -> {
        draw(bar(policy, 1, 1, barWidth) + "  in " + compact(elapsed));
        err.println();
        drawnLength = 0;
      }
      case LINES -> err.println(pad(policy) + "  done in " + compact(elapsed));
      case QUIET -> {}
    }
    err.flush();
  }

  /** Over the line drawn before, padded with spaces where it was longer. */
  private void draw(String line) {
    err.print('\r' + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    err.flush();
    drawnLength = line.length();
  }

  /** {@code S [#########...........] 48%}: the id, the bar and the percentage. */
  static String bar(String policy, long done, long total, int width) {
    int percent = percent(done, total);
    int filled = (int) (width * (long) percent / 100);
    return pad(policy)
        + "  ["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "]  "
        + String.format(Locale.ROOT, "%3d%%", percent);
  }

  /** Whole percent, rounded down: 100 only when everything is done. */
  static int percent(long done, long total) {
    return total <= 0 ? 100 : (int) (100 * Math.min(done, total) / total);
  }

  /** Elapsed per unit done, times the units left; not known before the first is done. */
  static Optional<Duration> timeLeft(Duration elapsed, long done, long total) {
    return done <= 0
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(elapsed.toMillis() * (total - done) / done));
  }

  /** {@code 45s}, {@code 1m12s}, {@code 2h05m}. */
  static String compact(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
    }
    return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
  }

  private static String pad(String policy) {
    return String.format(Locale.ROOT, "%-" + ID_WIDTH + "s", policy);
  }
}
