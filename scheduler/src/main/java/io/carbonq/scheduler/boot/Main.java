package io.carbonq.scheduler.boot;

import io.carbonq.scheduler.cli.Cli;
import io.carbonq.scheduler.cli.CliContext;
import io.carbonq.scheduler.cli.Terminal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;

/** The entry point: wires the real clock, the terminal and Ctrl-C to the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure();
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
    Map<String, String> environment = System.getenv();
    Path cache = CliContext.defaultCacheDirectory(environment, System.getProperty("user.home"));
    Terminal terminal = terminal(environment, 1);
    Terminal errTerminal = terminal(environment, 2);
    int exit =
        new Cli(
                new CliContext(
                    Clock.systemUTC(),
                    out,
                    err,
                    environment,
                    cache,
                    terminal,
                    errTerminal,
                    new CtrlCPacer()))
            .run(args);
    System.exit(exit);
  }

  /**
   * Whether standard output ({@code fd} 1) or standard error (2) is a terminal, and its size, which
   * Java itself cannot tell: the {@code carbonq} launcher says so in {@code CARBONQ_TERMINAL} and
   * {@code CARBONQ_STDERR_TERMINAL} ({@code tty COLUMNS} or {@code pipe}); without it (run as
   * {@code java -jar}) a console counts as a terminal of unknown size.
   */
  static Terminal terminal(Map<String, String> environment, int fd) {
    String variable = fd == 1 ? "CARBONQ_TERMINAL" : "CARBONQ_STDERR_TERMINAL";
    String said = environment.getOrDefault(variable, "").trim();
    if (said.equals("pipe")) {
      return Terminal.detect(environment, false, OptionalInt.empty());
    }
    if (said.startsWith("tty")) {
      return Terminal.detect(environment, true, columns(said.substring(3)));
    }
    return Terminal.detect(environment, System.console() != null, OptionalInt.empty());
  }

  /** The terminal's columns, a number of at most five digits, or unknown. */
  private static OptionalInt columns(String text) {
    String columns = text.trim();
    return columns.matches("[0-9]{1,5}")
        ? OptionalInt.of(Integer.parseInt(columns))
        : OptionalInt.empty();
  }
}
