package io.carbonq.scheduler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version this build was made as: the Maven project version, filtered into a resource. */
final class VersionProvider implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"carbonq " + version()};
  }

  /** The project version, e.g. {@code 0.1.0}; "development" when run from unfiltered sources. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.startsWith("${") ? "development" : version;
  }
}
