package io.carbonq.scheduler.service;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;

/** The service could not listen where it was told to: the message says why and what to change. */
public final class CannotListenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CannotListenException(String host, int port, Throwable cause) {
    super("cannot listen on " + host + ":" + port + ": " + reason(host, cause), cause);
  }

  private static String reason(String host, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException) {
        return "--host " + host + " is not a name or address of this machine";
      }
      if (cause instanceof BindException bind) {
        String message = String.valueOf(bind.getMessage());
        return message.contains("in use")
            ? "the port is in use, perhaps by another carbonq serve; choose another with --port"
            : message + "; check --host and --port";
      }
    }
    return failure.getMessage();
  }
}
