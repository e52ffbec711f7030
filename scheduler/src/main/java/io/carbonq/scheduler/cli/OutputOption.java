package io.carbonq.scheduler.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -o text|wide|name|json}: how a command prints its result. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (fits the terminal), wide (every column, uncut), name (ids only, one a line) or"
              + " json (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  boolean json() {
    return format == OutputFormat.json;
  }

  boolean wide() {
    return format == OutputFormat.wide;
  }

  boolean name() {
    return format == OutputFormat.name;
  }

  /** Refuses {@code -o name} for a command that prints one result rather than a list. */
  void refuseName(String prints) {
    if (name()) {
      throw new ParameterException(
          command.commandLine(),
          "-o name prints the ids of a list, and "
              + command.name()
              + " prints "
              + prints
              + ": use text, wide or json");
    }
  }
}
