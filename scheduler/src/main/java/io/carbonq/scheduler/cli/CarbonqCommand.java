package io.carbonq.scheduler.cli;

import picocli.CommandLine.Command;

/** The top of the {@code carbonq} command tree. */
@Command(
    name = "carbonq",
    description = {
      "Carbon-aware job scheduler for GPU clusters: runs training jobs where and when the grid is"
          + " cleanest, within their deadlines."
    },
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class)
final class CarbonqCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "a command is needed, e.g. 'carbonq demo' or 'carbonq estimate --help'");
  }
}
