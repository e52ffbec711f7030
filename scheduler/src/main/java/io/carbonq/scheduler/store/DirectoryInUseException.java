package io.carbonq.scheduler.store;

import java.nio.file.Path;

/** Another carbonq process holds the embedded database's directory. */
public final class DirectoryInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DirectoryInUseException(Path directory) {
    super("queue database: " + directory + " is in use by another carbonq serve");
  }
}
