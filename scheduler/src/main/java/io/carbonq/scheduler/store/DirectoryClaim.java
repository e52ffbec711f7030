package io.carbonq.scheduler.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The embedded database's hold on its directory while it is open. An exclusive lock on {@code
 * carbonq.lock}, taken before anything else, so that a second process can neither open the database
 * nor rebuild it under the first (H2's own lock is let go between closing the old file and opening
 * the rebuilt one). And the marker {@code carbonq.open}, there from before the database is opened
 * until after it is closed: found on opening, it says the last process did not close it.
 */
final class DirectoryClaim implements AutoCloseable {
  static final String LOCK = "carbonq.lock";
  private static final String OPEN_MARKER = "carbonq.open";

  private static final FileAttribute<?> PRIVATE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final FileChannel channel;
  private final FileLock lock;
  private final Path marker;
  private final boolean markerFound;

  private DirectoryClaim(FileChannel channel, FileLock lock, Path marker) {
    this.channel = channel;
    this.lock = lock;
    this.marker = marker;
    this.markerFound = Files.exists(marker);
  }

  /** Takes the directory, or throws naming it when another carbonq holds it. */
  static DirectoryClaim take(Path directory) {
    Path lockFile = directory.resolve(LOCK);
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PRIVATE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw new DirectoryInUseException(directory);
      }
      return new DirectoryClaim(channel, lock, markerIn(directory));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  /** Whether the marker was there when the directory was taken: the last stop was not clean. */
  boolean markerFound() {
    return markerFound;
  }

  /** Where the marker of a database in {@code directory} lies. */
  static Path markerIn(Path directory) {
    return directory.resolve(OPEN_MARKER);
  }

  Path marker() {
    return marker;
  }

  /** Puts the marker down, before the database is opened. */
  void markOpen() {
    try {
      if (!Files.exists(marker)) {
        Files.createFile(marker, PRIVATE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + marker, e);
    }
  }

  /** Lets the directory go and leaves the marker: the database was not closed. */
  void release() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // The lock goes with the channel.
    }
    closeQuietly(channel);
  }

  /** After the database has been closed: takes the marker away and lets the directory go. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + marker, e);
    } finally {
      release();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was written through it.
    }
  }
}
