package io.carbonq.scheduler.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = CarbonqCommand.class.getPackage().getImplementationVersion();
    return new String[] {"carbonq " + (version == null ? "development" : version)};
  }
}
