package io.carbonq.scheduler.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -o text|wide|name|json|yaml}: how a command prints its result. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (fits the terminal), wide (every column, uncut), name (ids only, one a line),"
              + " json or yaml (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Whether to print one document for programs, JSON or YAML, with {@link #print}. */
  boolean document() {
    return format == OutputFormat.json || format == OutputFormat.yaml;
  }

  /** Prints {@code document} (maps, lists and values) as JSON or YAML. */
  void print(java.io.PrintWriter out, Object document) {
    if (format == OutputFormat.yaml) {
      Json.printYaml(out, document);
    } else {
      Json.print(out, document);
    }
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
              + ": use text, wide, json or yaml");
    }
  }
}
