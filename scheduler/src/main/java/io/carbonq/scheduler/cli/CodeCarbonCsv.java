package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finished runs as rows of CodeCarbon's {@code emissions.csv}, for teams that already collect
 * those: one row per run, ended at {@code timestamp} (UTC), {@code duration} in seconds, energy in
 * kWh (the GPUs' as {@code gpu_energy}, the host's share as {@code cpu_energy}), {@code emissions}
 * in kgCO2e location-based with the PUE, as carbonq's report. What CodeCarbon learns from the
 * machine it runs on (operating system, Python, CPU, position) is left empty.
 */
final class CodeCarbonCsv {
  static final List<String> COLUMNS =
      List.of(
          "timestamp",
          "project_name",
          "run_id",
          "duration",
          "emissions",
          "emissions_rate",
          "cpu_power",
          "gpu_power",
          "ram_power",
          "cpu_energy",
          "gpu_energy",
          "ram_energy",
          "energy_consumed",
          "country_name",
          "country_iso_code",
          "region",
          "cloud_provider",
          "cloud_region",
          "os",
          "python_version",
          "codecarbon_version",
          "cpu_count",
          "cpu_model",
          "gpu_count",
          "gpu_model",
          "longitude",
          "latitude",
          "ram_total_size",
          "tracking_mode",
          "on_cloud",
          "pue");

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final List<String> CLOUDS = List.of("gcp", "aws", "azure");

  private CodeCarbonCsv() {}

  static void print(PrintWriter out, String project, Iterable<JsonNode> runs) {
    out.println(String.join(",", COLUMNS));
    for (JsonNode run : runs) {
      out.println(String.join(",", row(project, run)));
    }
  }

  private static List<String> row(String project, JsonNode run) {
    double seconds = run.path("wallHours").asDouble() * 3600;
    double kg = run.path("kgCo2e").asDouble(Double.NaN);
    String region = run.path("region").asText();
    int colon = region.indexOf(':');
    String provider = colon > 0 ? region.substring(0, colon) : "";
    List<String> cells = new ArrayList<>();
    cells.add(TIMESTAMP.format(Instant.parse(run.path("end").asText())));
    cells.add(OutputFiles.csvCell(project));
    cells.add(OutputFiles.csvCell(run.path("id").asText()));
    cells.add(number(seconds));
    cells.add(number(kg));
    cells.add(seconds > 0 ? number(kg / seconds) : "");
    cells.add(seconds > 0 ? number(run.path("hostKwh").asDouble() * 3.6e6 / seconds) : "");
    cells.add(seconds > 0 ? number(run.path("gpuKwh").asDouble() * 3.6e6 / seconds) : "");
    cells.add("0");
    cells.add(number(run.path("hostKwh").asDouble()));
    cells.add(number(run.path("gpuKwh").asDouble()));
    cells.add("0");
    cells.add(number(run.path("energyKwh").asDouble()));
    cells.add("");
    cells.add("");
    cells.add(OutputFiles.csvCell(run.path("zone").asText()));
    cells.add(CLOUDS.contains(provider) ? provider : "");
    cells.add(CLOUDS.contains(provider) ? OutputFiles.csvCell(region.substring(colon + 1)) : "");
    cells.add("");
    cells.add("");
    cells.add("");
    cells.add("");
    cells.add("");
    cells.add(String.valueOf(run.path("gpus").asInt()));
    cells.add(
        OutputFiles.csvCell(run.path("gpus").asInt() + " x " + run.path("gpuModel").asText()));
    cells.add("");
    cells.add("");
    cells.add("");
    cells.add("machine");
    cells.add(CLOUDS.contains(provider) ? "Y" : "N");
    cells.add(number(run.path("pue").asDouble()));
    return cells;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.valueOf(value);
  }
}
