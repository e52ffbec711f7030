package io.carbonq.scheduler.boot;

import io.carbonq.scheduler.cli.Cli;
import io.carbonq.scheduler.cli.CliContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The entry point: wires the real clock and the terminal to the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure();
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
    Map<String, String> environment = System.getenv();
    Path cache = CliContext.defaultCacheDirectory(environment, System.getProperty("user.home"));
    int exit = new Cli(new CliContext(Clock.systemUTC(), out, err, environment, cache)).run(args);
    System.exit(exit);
  }
}
