package io.carbonq.forecasts.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The providers' real responses, copied into the test resources (provenance in SOURCES.md). */
final class Samples {
  private Samples() {}

  static String read(String path) {
    try (InputStream in = Samples.class.getResourceAsStream("/api-samples/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
