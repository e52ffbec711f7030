package io.carbonq.scheduler.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json}: how a command prints its result. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  boolean json() {
    return format == OutputFormat.json;
  }
}
