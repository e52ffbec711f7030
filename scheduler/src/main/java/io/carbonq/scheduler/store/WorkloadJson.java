package io.carbonq.scheduler.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.domain.SweepRef;
import io.carbonq.scheduler.domain.Volume;
import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stored form of a workload's spec: one JSON object, read back field by field. A spec stored
 * before workloads had an explicit home has no {@code home} field; its home was its first region,
 * and stays so. A workload without a home is stored with {@code "home": null}.
 */
final class WorkloadJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkloadJson() {}

  static String write(Workload workload) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", workload.id());
    node.put("owner", workload.owner());
    node.put("image", workload.image());
    workload.command().forEach(node.putArray("command")::add);
    if (workload.command().isEmpty()) {
      node.putArray("command");
    }
    node.put("gpus", workload.gpus());
    var models = node.putArray("gpuModels");
    workload.gpuModels().stream().sorted().forEach(models::add);
    node.put("durationSeconds", workload.duration().toSeconds());
    node.put("earliestStart", workload.earliestStart().toString());
    node.put("deadline", workload.deadline().toString());
    var regions = node.putArray("regions");
    workload.regions().forEach(regions::add);
    node.put("home", workload.home().orElse(null));
    node.put("interruptible", workload.interruptible());
    node.put("priority", workload.priority());
    var env = node.putObject("env");
    new java.util.TreeMap<>(workload.env()).forEach(env::put);
    var volumes = node.putArray("volumes");
    for (Volume volume : workload.volumes()) {
      volumes
          .addObject()
          .put("name", volume.name())
          .put("mountPath", volume.mountPath())
          .put("kind", volume.kind().name())
          .put("source", volume.source())
          .put("readOnly", volume.readOnly());
    }
    workload
        .sweep()
        .ifPresent(
            sweep ->
                node.putObject("sweep")
                    .put("id", sweep.sweepId())
                    .put("maxParallel", sweep.maxParallel()));
    return node.toString();
  }

  static Workload read(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored workload spec is not JSON: " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>();
    node.path("command").forEach(part -> command.add(part.asText()));
    Set<String> models = new LinkedHashSet<>();
    node.path("gpuModels").forEach(model -> models.add(model.asText()));
    List<String> regions = new ArrayList<>();
    node.path("regions").forEach(region -> regions.add(region.asText()));
    Workload.Builder builder =
        Workload.builder(node.path("id").asText())
            .owner(node.path("owner").asText())
            .image(node.path("image").asText())
            .command(command)
            .gpus(node.path("gpus").asInt())
            .gpuModels(models)
            .duration(Duration.ofSeconds(node.path("durationSeconds").asLong()))
            .earliestStart(Instant.parse(node.path("earliestStart").asText()))
            .deadline(Instant.parse(node.path("deadline").asText()))
            .regions(regions)
            .home(home(node, regions))
            .interruptible(node.path("interruptible").asBoolean())
            .priority(node.path("priority").asInt());
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    node.path("env")
        .fields()
        .forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
    builder.env(env);
    List<Volume> volumes = new ArrayList<>();
    for (JsonNode volume : node.path("volumes")) {
      volumes.add(
          new Volume(
              volume.path("name").asText(),
              volume.path("mountPath").asText(),
              Volume.Kind.valueOf(volume.path("kind").asText()),
              volume.path("source").asText(),
              volume.path("readOnly").asBoolean()));
    }
    builder.volumes(volumes);
    JsonNode sweep = node.get("sweep");
    if (sweep != null) {
      builder.sweep(new SweepRef(sweep.path("id").asText(), sweep.path("maxParallel").asInt()));
    }
    return builder.build();
  }

  private static Optional<String> home(JsonNode node, List<String> regions) {
    if (!node.has("home")) {
      return regions.isEmpty() ? Optional.empty() : Optional.of(regions.get(0));
    }
    JsonNode home = node.get("home");
    return home.isNull() ? Optional.empty() : Optional.of(home.asText());
  }
}
