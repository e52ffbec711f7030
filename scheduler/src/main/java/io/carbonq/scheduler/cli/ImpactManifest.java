package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished runs as a Green Software Foundation Impact Framework manifest, so that a third party can
 * recompute carbonq's figures with {@code if-run} and its builtin plugins alone: per run, the
 * energy the IT drew × PUE × the run's mean grid intensity (weighted by its energy, as carbonq's
 * hourly sum) is the operational carbon; where the GPU model's embodied figure is known, the
 * device's embodied emissions × the GPU-hours held ÷ the hardware's life in hours is the embodied
 * share, and the two per run are the SCI. Units as the framework's: kWh, gCO2e, seconds.
 */
final class ImpactManifest {
  private static final List<String> OPERATIONAL = List.of("energy-with-pue", "carbon-operational");
  private static final List<String> WITH_EMBODIED =
      List.of(
          "energy-with-pue",
          "carbon-operational",
          "embodied-device-hours",
          "carbon-embodied",
          "carbon",
          "sci");

  private ImpactManifest() {}

  static Map<String, Object> of(String name, Iterable<JsonNode> runs) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("name", "carbonq " + name);
    manifest.put(
        "description",
        "Footprints of finished carbonq runs. grid/carbon-intensity is each run's mean hourly"
            + " location-based intensity weighted by its energy; energy-it the energy its GPUs"
            + " (and host share, where measured) drew; embodied figures per device include its"
            + " server share.");
    manifest.put("tags", null);
    Map<String, Object> plugins = new LinkedHashMap<>();
    plugins.put("energy-with-pue", multiply(List.of("energy-it", "pue"), "energy"));
    plugins.put(
        "carbon-operational",
        multiply(List.of("energy", "grid/carbon-intensity"), "carbon-operational"));
    plugins.put(
        "embodied-device-hours",
        multiply(
            List.of("device/emissions-embodied", "device/hours-reserved"),
            "embodied-device-hours"));
    plugins.put(
        "carbon-embodied",
        plugin(
            "Divide",
            Map.of(
                "numerator", "embodied-device-hours",
                "denominator", "device/expected-lifespan-hours",
                "output", "carbon-embodied")));
    plugins.put(
        "carbon",
        plugin(
            "Sum",
            Map.of(
                "input-parameters",
                List.of("carbon-operational", "carbon-embodied"),
                "output-parameter",
                "carbon")));
    plugins.put("sci", plugin("Sci", Map.of("functional-unit", "runs")));
    manifest.put("initialize", Map.of("plugins", plugins));
    Map<String, Object> children = new LinkedHashMap<>();
    for (JsonNode run : runs) {
      children.put(run.path("id").asText(), child(run));
    }
    manifest.put("tree", Map.of("children", children));
    return manifest;
  }

  private static Map<String, Object> child(JsonNode run) {
    double itKwh = run.path("energyKwh").asDouble();
    double pue = run.path("pue").asDouble();
    double grams = run.path("kgCo2e").asDouble() * 1000;
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("timestamp", run.path("start").asText());
    input.put("duration", Math.round(run.path("wallHours").asDouble() * 3600));
    input.put("energy-it", itKwh);
    input.put("pue", pue);
    input.put("grid/carbon-intensity", itKwh * pue > 0 ? grams / (itKwh * pue) : 0);
    JsonNode sci = run.path("sci");
    boolean embodied = sci.path("embodiedKgPerDevice").isNumber();
    if (embodied) {
      input.put("device/emissions-embodied", sci.path("embodiedKgPerDevice").asDouble() * 1000);
      input.put("device/hours-reserved", run.path("gpuHours").asDouble());
      input.put("device/expected-lifespan-hours", sci.path("lifetimeHours").asDouble());
      input.put("runs", 1);
    }
    Map<String, Object> child = new LinkedHashMap<>();
    child.put("pipeline", Map.of("compute", embodied ? WITH_EMBODIED : OPERATIONAL));
    child.put("inputs", List.of(input));
    return child;
  }

  private static Map<String, Object> multiply(List<String> inputs, String output) {
    return plugin(
        "Multiply",
        Map.of("input-parameters", new ArrayList<>(inputs), "output-parameter", output));
  }

  private static Map<String, Object> plugin(String method, Map<String, Object> config) {
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("method", method);
    plugin.put("path", "builtin");
    plugin.put("config", config);
    return plugin;
  }
}
