package io.carbonq.scheduler.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files commands write besides their output (logs, reports, charts), and their CSV cells. */
final class OutputFiles {
  private OutputFiles() {}

  /** {@code lines} to {@code file}, UTF-8, each ended by a newline. */
  static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** {@code text} as one CSV cell: quoted, inner quotes doubled, when it holds a comma or quote. */
  static String csvCell(String text) {
    return text.contains(",") || text.contains("\"")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }
}
