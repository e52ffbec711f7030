package io.carbonq.scheduler.fleet;

/**
 * A name typed by a user (region, zone, GPU model) that carbonq does not know; says which it does.
 */
public final class UnknownNameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownNameException(String message) {
    super(message);
  }
}
