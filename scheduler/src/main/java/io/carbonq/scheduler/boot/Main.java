package io.carbonq.scheduler.boot;

import io.carbonq.scheduler.cli.Cli;
import io.carbonq.scheduler.cli.CliContext;
import io.carbonq.scheduler.cli.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** The entry point: wires the real clock, the terminal and Ctrl-C to the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure();
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
    Map<String, String> environment = System.getenv();
    Path cache = CliContext.defaultCacheDirectory(environment, System.getProperty("user.home"));
    Terminal terminal = terminal(environment);
    int exit =
        new Cli(
                new CliContext(
                    Clock.systemUTC(), out, err, environment, cache, terminal, new CtrlCPacer()))
            .run(args);
    System.exit(exit);
  }

  /**
   * Asks whether standard output is a terminal, and its size, as Java itself cannot: a shell that
   * inherits our standard output tests it ({@code [ -t 1 ]}) and asks the terminal ({@code stty
   * size}). Without a shell (or when it fails) a console counts as a terminal of unknown size.
   */
  private static Terminal terminal(Map<String, String> environment) {
    try {
      Process probe =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "if [ -t 1 ]; then stty size </dev/tty >&2 2>/dev/null; exit 0; else exit 1; fi")
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .start();
      probe.getOutputStream().close();
      String size = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (probe.waitFor(2, TimeUnit.SECONDS)) {
        return Terminal.detect(environment, probe.exitValue() == 0, columns(size));
      }
      probe.destroy();
    } catch (IOException e) {
      // No shell: fall back on the console below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Terminal.detect(environment, System.console() != null, OptionalInt.empty());
  }

  /** The columns of {@code stty size}'s "ROWS COLUMNS". */
  private static OptionalInt columns(String size) {
    String[] parts = size.trim().split("\\s+");
    return parts.length == 2 && parts[1].matches("[0-9]{1,5}")
        ? OptionalInt.of(Integer.parseInt(parts[1]))
        : OptionalInt.empty();
  }
}
