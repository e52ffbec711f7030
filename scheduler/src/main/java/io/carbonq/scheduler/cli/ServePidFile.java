package io.carbonq.scheduler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code serve.pid} in the data directory: the pid and address of the {@code carbonq serve} whose
 * embedded database is there, written once it serves and removed when it stops, so that a second
 * one on the same directory can say who holds it. A file left by a process that died names no one.
 */
final class ServePidFile {
  private final Path file;

  ServePidFile(Path dataDirectory) {
    this.file = dataDirectory.resolve("serve.pid");
  }

  /** A running {@code carbonq serve}: its pid and the address it serves on. */
  record Holder(long pid, String server) {}

  /** Private like the rest of the data directory, so that the next start has nothing to warn of. */
  void write(long pid, String server) throws IOException {
    ClientFiles.writePrivate(file, pid + " " + server + "\n");
  }

  /** The live process the file names, if it names one. */
  Optional<Holder> holder() {
    try {
      String[] fields = Files.readString(file).strip().split(" ", 2);
      long pid = Long.parseLong(fields[0]);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive
          ? Optional.of(new Holder(pid, fields.length > 1 ? fields[1] : ""))
          : Optional.empty();
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }

  /** Removes the file if it still names {@code pid}. */
  void remove(long pid) {
    try {
      if (Files.readString(file).startsWith(pid + " ")) {
        Files.delete(file);
      }
    } catch (IOException gone) {
      // Nothing to remove.
    }
  }

  /**
   * What to tell a second {@code serve} on {@code dataDirectory}: who holds it, when the file names
   * a live process, and what to do.
   */
  static String inUse(Path dataDirectory) {
    String who =
        new ServePidFile(dataDirectory)
            .holder()
            .map(holder -> " (pid " + holder.pid() + ", serving on " + holder.server() + ")")
            .orElse(" (pid unknown)");
    return "another carbonq serve is using " + dataDirectory + who + "; stop it or use --data-dir";
  }
}
