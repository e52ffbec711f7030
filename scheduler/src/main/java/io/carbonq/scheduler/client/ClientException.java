package io.carbonq.scheduler.client;

/** A call to the server failed; the message says why and what to do, the exit code how badly. */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public ClientException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
