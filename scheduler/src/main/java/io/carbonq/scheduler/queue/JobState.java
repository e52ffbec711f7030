package io.carbonq.scheduler.queue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a queued job is in its life: {@code queued → planned → dispatched → running → succeeded |
 * failed}, or {@code cancelled} from any state before the end. A planned job may be planned again
 * (a new forecast) or fall back to queued (deferred, with the reason). An interruptible job split
 * into pieces goes {@code running → paused} at the end of a piece and {@code paused → dispatched}
 * when its next piece comes, as often as its plan says. A waiting job the planner cannot plan (its
 * stored spec unreadable, or refused) fails with the reason instead of stopping the queue.
 */
public enum JobState {
  QUEUED,
  PLANNED,
  DISPATCHED,
  RUNNING,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** The states the planner still moves: a paused job's remaining work is planned again. */
  public static final Set<JobState> PLANNABLE = EnumSet.of(QUEUED, PLANNED, PAUSED);

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether a job may go from this state to {@code next}. */
  public boolean canBecome(JobState next) {
    return switch (this) {
      case QUEUED -> next == PLANNED || next == FAILED || next == CANCELLED;
      case PLANNED ->
          next == PLANNED
              || next == QUEUED
              || next == DISPATCHED
              || next == FAILED
              || next == CANCELLED;
      case DISPATCHED ->
          next == RUNNING || next == SUCCEEDED || next == FAILED || next == CANCELLED;
      case RUNNING -> next == PAUSED || next == SUCCEEDED || next == FAILED || next == CANCELLED;
      case PAUSED -> next == DISPATCHED || next == SUCCEEDED || next == FAILED || next == CANCELLED;
      case SUCCEEDED, FAILED, CANCELLED -> false;
    };
  }

  /** The lower-case name used in the API and the CLI. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code label}, in any case. */
  public static JobState fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
