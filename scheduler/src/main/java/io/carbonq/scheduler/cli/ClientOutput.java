package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * {@code -o table|json|yaml} for the queue commands: a table for people, the API's JSON or YAML.
 */
final class ClientOutput {
  enum Format {
    table,
    json,
    yaml
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE})")
  Format format;

  boolean table() {
    return format == Format.table;
  }

  /** Prints {@code document} as JSON or YAML; only for those formats. */
  void print(PrintWriter out, JsonNode document) {
    try {
      out.print(
          format == Format.yaml
              ? YAML.writeValueAsString(document)
              : JSON.writeValueAsString(document) + "\n");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
