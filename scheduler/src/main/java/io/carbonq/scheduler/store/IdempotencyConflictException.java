package io.carbonq.scheduler.store;

/** An Idempotency-Key already used with a different request. */
public final class IdempotencyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyConflictException(String key) {
    super(
        "Idempotency-Key '"
            + key
            + "' was used before with a different request; send a new key for a new request");
  }
}
