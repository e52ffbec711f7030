package io.carbonq.scheduler.cli;

import io.carbonq.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -w}/{@code --watch} and {@code --interval}: show it again each time it changes. */
final class WatchOption {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** Asking more often than this loads the server for nothing a person could read. */
  static final Duration SHORTEST = Duration.ofSeconds(1);

  static final Duration LONGEST = Duration.ofHours(1);

  @Option(
      names = {"-w", "--watch"},
      description =
          "show it again each time it changes, until Ctrl-C (with -o json, yaml or name: one"
              + " document per change)")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "how often --watch asks the server, 1s to 1h (default: 2s)")
  Duration interval;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Whether to watch; refuses an {@code --interval} without {@code -w} or out of range. */
  boolean on() {
    if (interval != null && !watch) {
      throw new ParameterException(
          command.commandLine(),
          "--interval sets how often --watch asks the server: add -w, or leave --interval out");
    }
    if (interval != null && (interval.compareTo(SHORTEST) < 0 || interval.compareTo(LONGEST) > 0)) {
      throw new ParameterException(
          command.commandLine(),
          "--interval must be from 1s to 1h, got "
              + DurationText.format(interval)
              + "; e.g. --interval 5s");
    }
    return watch;
  }

  Watcher watcher(CliContext context, ClientOutput output) {
    return new Watcher(context, output, interval == null ? DEFAULT_INTERVAL : interval);
  }
}
