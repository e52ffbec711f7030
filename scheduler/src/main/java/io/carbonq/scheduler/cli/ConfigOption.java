package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: carbonq.yaml to use instead of the embedded default. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "carbonq.yaml to use (default: the embedded demo configuration)")
  Path file;

  CarbonqConfig load() {
    return file == null ? ConfigLoader.bundledDefault() : ConfigLoader.load(file);
  }
}
