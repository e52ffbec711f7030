package io.carbonq.scheduler.boot;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr: carbonq's own at INFO, the libraries' (Jetty, Quartz, Hikari,
 * Flyway) at WARNING, so a command prints its answer and the service its decisions, not noise.
 */
final class Logging {
  // Strong references: java.util.logging forgets levels set on loggers nobody holds.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger CARBONQ = Logger.getLogger("io.carbonq");

  private Logging() {}

  static void configure() {
    for (var handler : ROOT.getHandlers()) {
      ROOT.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            String message = formatMessage(record);
            String thrown = record.getThrown() == null ? "" : ": " + record.getThrown();
            return record.getInstant()
                + " "
                + record.getLevel().getName().toLowerCase(java.util.Locale.ROOT)
                + " "
                + message
                + thrown
                + System.lineSeparator();
          }
        });
    ROOT.addHandler(console);
    ROOT.setLevel(Level.WARNING);
    CARBONQ.setLevel(Level.INFO);
  }
}
