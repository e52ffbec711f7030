package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.scheduler.domain.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a job's {@code volumes}: each with a name, a mount path and exactly one source, checked as
 * Kubernetes checks a pod's volumes (names, paths, object names, no two alike), and a host path
 * only where the server's policy allows it.
 */
final class VolumeSpecs {
  /** The most volumes one job may mount. */
  static final int MAX_VOLUMES = 64;

  private static final Map<String, Volume.Kind> SOURCES =
      Map.of(
          "persistentVolumeClaim", Volume.Kind.PERSISTENT_VOLUME_CLAIM,
          "configMap", Volume.Kind.CONFIG_MAP,
          "secret", Volume.Kind.SECRET,
          "emptyDir", Volume.Kind.EMPTY_DIR,
          "hostPath", Volume.Kind.HOST_PATH);
  private static final List<String> SOURCE_KEYS = List.copyOf(new TreeSet<>(SOURCES.keySet()));

  private final boolean allowHostPath;

  VolumeSpecs(boolean allowHostPath) {
    this.allowHostPath = allowHostPath;
  }

  List<Volume> read(JsonNode spec, String prefix, JobSpecReader.Errors errors) {
    List<Volume> volumes = new ArrayList<>();
    JsonNode node = spec.get("volumes");
    if (node == null || node.isNull()) {
      return volumes;
    }
    if (!node.isArray()) {
      errors.add(prefix + "volumes", "must be a list of {name, mountPath, and one source}");
      return volumes;
    }
    if (node.size() > MAX_VOLUMES) {
      errors.add(
          prefix + "volumes",
          "lists " + node.size() + " volumes; a job mounts at most " + MAX_VOLUMES);
      return volumes;
    }
    Map<String, String> names = new HashMap<>();
    Map<String, String> paths = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String at = prefix + "volumes[" + i + "]";
      Optional<Volume> volume = volume(node.get(i), at, errors);
      if (volume.isEmpty()) {
        continue;
      }
      String sameName = names.putIfAbsent(volume.get().name(), at);
      if (sameName != null) {
        errors.add(at + ".name", "'" + volume.get().name() + "' is also the name of " + sameName);
        continue;
      }
      String samePath = paths.putIfAbsent(volume.get().mountPath(), at);
      if (samePath != null) {
        errors.add(
            at + ".mountPath",
            volume.get().mountPath() + " is also where " + samePath + " is mounted");
        continue;
      }
      volumes.add(volume.get());
    }
    return volumes;
  }

  private Optional<Volume> volume(JsonNode volume, String at, JobSpecReader.Errors errors) {
    if (!volume.isObject()) {
      errors.add(at, "must be a mapping with name, mountPath and one source");
      return Optional.empty();
    }
    List<String> allowed = new ArrayList<>(List.of("name", "mountPath", "readOnly"));
    allowed.addAll(SOURCE_KEYS);
    errors.onlyKeys(volume, at + ".", allowed);
    int before = errors.count();
    String name = text(volume, "name", at, errors);
    Volume.nameProblem(name)
        .ifPresent(problem -> errors.add(at + ".name", problem + ", got " + SpecText.quote(name)));
    String mountPath = text(volume, "mountPath", at, errors);
    Volume.mountPathProblem(mountPath)
        .ifPresent(
            problem ->
                errors.add(at + ".mountPath", problem + ", got " + SpecText.quote(mountPath)));
    JsonNode readOnly = volume.get("readOnly");
    if (readOnly != null && !readOnly.isNull() && !readOnly.isBoolean()) {
      errors.add(
          at + ".readOnly", "must be true or false, got " + JobSpecReader.describe(readOnly));
    }
    List<String> sources = SOURCE_KEYS.stream().filter(volume::has).toList();
    if (sources.size() != 1) {
      errors.add(
          at,
          "needs exactly one of "
              + String.join(", ", SOURCE_KEYS)
              + ", got "
              + (sources.isEmpty() ? "none" : String.join(" and ", sources)));
      return Optional.empty();
    }
    String key = sources.get(0);
    Volume.Kind kind = SOURCES.get(key);
    if (kind == Volume.Kind.HOST_PATH && !allowHostPath) {
      errors.add(
          at + ".hostPath",
          "host paths are not allowed by this server's policy (executor.allowHostPath)");
      return Optional.empty();
    }
    String source = source(volume.get(key), kind, at + "." + key, errors);
    if (errors.count() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Volume(name, mountPath, kind, source, readOnly != null && readOnly.asBoolean(false)));
  }

  private static String text(JsonNode volume, String key, String at, JobSpecReader.Errors errors) {
    JsonNode node = volume.get(key);
    if (node == null || node.isNull()) {
      errors.add(at + "." + key, "is required");
      return "";
    }
    if (!node.isTextual()) {
      errors.add(at + "." + key, "must be a text, got " + JobSpecReader.describe(node));
      return "";
    }
    return node.asText();
  }

  /** The claim, config map, secret or host path a volume names; nothing for a scratch directory. */
  private static String source(
      JsonNode node, Volume.Kind kind, String at, JobSpecReader.Errors errors) {
    if (kind == Volume.Kind.EMPTY_DIR) {
      if (!(node.isNull() || (node.isObject() && node.isEmpty()))) {
        errors.add(at, "takes no settings: write emptyDir: {}");
      }
      return "";
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(
          at,
          "must name its source, e.g. "
              + (kind == Volume.Kind.HOST_PATH ? "/mnt/datasets" : "imagenet")
              + ", got "
              + JobSpecReader.describe(node));
      return "";
    }
    String source = node.asText();
    Volume.sourceProblem(kind, source)
        .ifPresent(problem -> errors.add(at, problem + ", got " + SpecText.quote(source)));
    return source;
  }
}
