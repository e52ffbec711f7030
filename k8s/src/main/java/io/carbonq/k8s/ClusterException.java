package io.carbonq.k8s;

/** A cluster could not do what was asked, after retries; the message says what and why. */
public final class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
