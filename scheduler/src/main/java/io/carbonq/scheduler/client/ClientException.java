package io.carbonq.scheduler.client;

/** A call to the server failed; the message says why and what to do, the exit code how badly. */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final int httpStatus;

  public ClientException(String message, int exitCode) {
    this(message, exitCode, 0);
  }

  /**
   * @param httpStatus the server's answer, 0 when it gave none
   */
  public ClientException(String message, int exitCode, int httpStatus) {
    super(message);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** Whether the server said there is no such thing (HTTP 404). */
  public boolean notFound() {
    return httpStatus == 404;
  }

  /** The server's HTTP status, 0 when it gave none. */
  public int httpStatus() {
    return httpStatus;
  }

  public int exitCode() {
    return exitCode;
  }
}
