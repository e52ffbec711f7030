package io.carbonq.scheduler.store;

/** The queue database failed; the message says how. Nothing of the failed change was kept. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
