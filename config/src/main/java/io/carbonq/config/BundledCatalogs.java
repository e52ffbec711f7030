package io.carbonq.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference data that ships with carbonq: known cloud regions, GPU power figures and GPU node
 * types.
 */
final class BundledCatalogs {
  private BundledCatalogs() {}

  static List<RegionConfig> regions() {
    return rows("regions.csv").stream()
        .map(
            row ->
                new RegionConfig(
                    row[0],
                    row[1],
                    Double.parseDouble(row[2]),
                    row[3],
                    optional(row[4]),
                    row[4].isEmpty() ? "" : "Google Cloud region CFE 2024"))
        .toList();
  }

  static List<GpuConfig> gpus() {
    return rows("gpus.csv").stream()
        .map(
            row ->
                new GpuConfig(
                    row[0],
                    Double.parseDouble(row[1]),
                    row[2].isEmpty() ? List.of() : Arrays.asList(row[2].split("\\|")),
                    "mlco2/impact gpus.csv: " + row[3],
                    optional(row[4]),
                    row[4].isEmpty() ? "" : "Luccioni et al. 2023 (BLOOM): board and server share"))
        .toList();
  }

  static List<NodeType> nodeTypes() {
    return rows("node-types.csv").stream()
        .map(
            row ->
                new NodeType(
                    row[0],
                    row[1],
                    Integer.parseInt(row[2]),
                    Double.parseDouble(row[3]),
                    Integer.parseInt(row[4]),
                    row[5]))
        .toList();
  }

  private static java.util.OptionalDouble optional(String cell) {
    return cell.isEmpty()
        ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(Double.parseDouble(cell));
  }

  private static List<String[]> rows(String name) {
    InputStream in = BundledCatalogs.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("bundled catalog missing from the jar: " + name);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String[]> rows = new ArrayList<>();
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (!header) {
          rows.add(line.split(",", -1));
        }
        header = false;
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
