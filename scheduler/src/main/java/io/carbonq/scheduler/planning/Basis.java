package io.carbonq.scheduler.planning;

/** What a placement rests on. */
public enum Basis {
  /** The cleanest feasible window by the forecast. */
  FORECAST,
  /** No forecast covered any feasible window, so the earliest feasible start was taken. */
  FAIL_OPEN,
  /** No start meets the deadline; the earliest start with free capacity was taken. */
  LATE
}
