package io.carbonq.scheduler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The service's data directory holds job specs, environment values and token hashes, so it is kept
 * as ssh keeps {@code ~/.ssh}: the directory {@code rwx------}, the files in it {@code rw-------}.
 * What others could read is made private, and each such change is reported.
 */
final class PrivateDirectory {
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateDirectory() {}

  /**
   * Creates {@code directory} private when missing, and takes every permission of group and others
   * from it and from the files directly in it. Returns one line per change made; empty on a file
   * system without POSIX permissions.
   */
  static List<String> secure(Path directory) throws IOException {
    List<String> changes = new ArrayList<>();
    if (!Files.exists(directory)) {
      Files.createDirectories(directory.toAbsolutePath().getParent());
      try {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
      } catch (UnsupportedOperationException notPosix) {
        Files.createDirectory(directory);
      }
      return changes;
    }
    requireCarbonqs(directory);
    if (!isPosix(directory)) {
      return changes;
    }
    restrict(directory, DIRECTORY, changes);
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        restrict(file, FILE, changes);
      }
    }
    return changes;
  }

  /**
   * Refuses a directory that holds entries but none of carbonq's: taking the permissions of others
   * from {@code /etc} or a home directory would lock every other user out of it. A new volume's
   * {@code lost+found}, hidden entries and logs (such as serve's own output sent there) do not
   * count.
   */
  private static void requireCarbonqs(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new ForeignDirectoryException(
          "--data-dir " + directory + " is a file; give a directory (it is made if missing)");
    }
    List<String> names;
    try (Stream<Path> entries = Files.list(directory)) {
      names =
          entries
              .map(entry -> entry.getFileName().toString())
              .filter(
                  name ->
                      !name.startsWith(".") && !name.equals("lost+found") && !name.endsWith(".log"))
              .sorted()
              .toList();
    }
    if (!names.isEmpty() && names.stream().noneMatch(PrivateDirectory::isCarbonqs)) {
      throw new ForeignDirectoryException(
          "--data-dir "
              + directory
              + " holds files that are not carbonq's (such as "
              + names.get(0)
              + "); give an empty directory or one carbonq made, so that their permissions stay"
              + " as they are");
    }
  }

  private static boolean isCarbonqs(String name) {
    return name.startsWith("carbonq.") || name.equals("admin-token") || name.equals("serve.pid");
  }

  /** The data directory given is not one carbonq may make private. */
  static final class ForeignDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    ForeignDirectoryException(String message) {
      super(message);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void restrict(Path path, Set<PosixFilePermission> allowed, List<String> changes)
      throws IOException {
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
    if (allowed.containsAll(now)) {
      return;
    }
    Set<PosixFilePermission> kept = java.util.EnumSet.noneOf(PosixFilePermission.class);
    kept.addAll(now);
    kept.retainAll(allowed);
    Files.setPosixFilePermissions(path, kept);
    changes.add(
        path
            + " was "
            + PosixFilePermissions.toString(now)
            + ", readable by others: made "
            + PosixFilePermissions.toString(kept));
  }
}
