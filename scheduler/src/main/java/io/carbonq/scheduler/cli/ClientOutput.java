package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -o table|wide|name|json|yaml} for the queue commands: a table for people (fitted to the
 * terminal, or wide: every column, uncut), the ids alone for scripts, the API's JSON or YAML.
 */
final class ClientOutput {
  enum Format {
    table,
    wide,
    name,
    json,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table (fits the terminal), wide (every column, uncut), name (ids only, one a line),"
              + " json or yaml (default: ${DEFAULT-VALUE})")
  Format format;

  /** Whether to print for people: a table, fitted or wide. */
  boolean table() {
    return format == Format.table || format == Format.wide;
  }

  boolean wide() {
    return format == Format.wide;
  }

  boolean name() {
    return format == Format.name;
  }

  boolean yaml() {
    return format == Format.yaml;
  }

  /**
   * Prints {@code document} as JSON or YAML, or for {@code name} the ids it holds, one a line: its
   * own {@code id} (or {@code sweep}), else those of the rows of its list; not for tables.
   */
  void print(PrintWriter out, JsonNode document) {
    if (name()) {
      names(document).forEach(out::println);
      return;
    }
    if (yaml()) {
      Json.printYaml(out, document);
    } else {
      Json.print(out, document);
    }
  }

  private static List<String> names(JsonNode document) {
    for (String field : List.of("id", "sweep")) {
      if (document.path(field).isTextual()) {
        return List.of(document.path(field).asText());
      }
    }
    List<String> ids = new ArrayList<>();
    for (String list : List.of("jobs", "tokens", "trials", "runs")) {
      document
          .path(list)
          .forEach(row -> ids.add(row.isTextual() ? row.asText() : row.path("id").asText()));
    }
    return ids;
  }
}
