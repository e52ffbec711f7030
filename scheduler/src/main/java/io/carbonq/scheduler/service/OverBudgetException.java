package io.carbonq.scheduler.service;

/** A submission refused because a budget it would exceed turns such jobs away. */
public final class OverBudgetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OverBudgetException(String message) {
    super(message);
  }
}
