package io.carbonq.scheduler.testing;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The bundled configuration with more YAML after it: its pools and sources, plus a test's own. */
public final class BundledConfigPlus {
  private BundledConfigPlus() {}

  public static CarbonqConfig of(String extraYaml) {
    try (InputStream in =
        ConfigLoader.class.getResourceAsStream("/io/carbonq/config/carbonq-default.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return ConfigLoader.parse(yaml + "\n" + extraYaml, "bundled carbonq-default.yaml + test");
    } catch (IOException e) {
      throw new IllegalStateException("reading the bundled configuration", e);
    }
  }
}
