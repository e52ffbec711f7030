package io.carbonq.scheduler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Where carbonq keeps its files, by the XDG conventions, and how secrets are written. */
final class ClientFiles {
  private ClientFiles() {}

  /** The CLI's config: {@code $CARBONQ_CONFIG}, else {@code ~/.config/carbonq/config.yaml}. */
  static Path clientConfig(Map<String, String> environment) {
    String explicit = environment.get("CARBONQ_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = environment.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home(environment).resolve(".config");
    return base.resolve("carbonq").resolve("config.yaml");
  }

  /** The service's data: {@code $XDG_DATA_HOME/carbonq}, else {@code ~/.local/share/carbonq}. */
  static Path dataDirectory(Map<String, String> environment) {
    String xdg = environment.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank() ? Path.of(xdg) : home(environment).resolve(".local/share");
    return base.resolve("carbonq");
  }

  private static Path home(Map<String, String> environment) {
    String home = environment.get("HOME");
    return Path.of(home == null || home.isBlank() ? "." : home);
  }

  /** Writes {@code text} readable by its owner only, as a token deserves. */
  static void writePrivate(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temporary);
    }
    Files.writeString(temporary, text);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
