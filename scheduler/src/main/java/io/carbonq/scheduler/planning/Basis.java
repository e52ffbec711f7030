package io.carbonq.scheduler.planning;

/** What a placement rests on. */
public enum Basis {
  /** The cleanest feasible window by the forecast. */
  FORECAST,
  /** No forecast covered any feasible window, so the earliest feasible start was taken. */
  FAIL_OPEN,
  /**
   * No start meets the deadline; the run that ends first with free capacity was taken, or a cleaner
   * one that ends little later.
   */
  LATE
}
