package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonq.config.DurationText;
import io.carbonq.config.Suggestions;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Volume;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads job and sweep specs (YAML or JSON, the same fields from the CLI, the files and the API)
 * into workloads, checking every field against the fleet in one pass: an invalid spec yields all
 * its errors at once, each naming the field and the fix, and nothing is queued.
 */
public final class JobSpecReader {
  /** The largest spec accepted, in characters. */
  public static final int MAX_SPEC_CHARS = 256 * 1024;

  public static final int MAX_TRIALS = 10_000;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final List<String> JOB_FIELDS =
      List.of(
          "name",
          "image",
          "command",
          "args",
          "gpus",
          "gpuModel",
          "gpuModels",
          "duration",
          "deadline",
          "earliestStart",
          "regions",
          "interruptible",
          "priority",
          "env",
          "volumes");
  private static final List<String> SWEEP_FIELDS =
      List.of("name", "template", "parameters", "maxParallel");
  private static final Duration MAX_DURATION = Duration.ofDays(90);
  private static final Duration MAX_DEADLINE = Duration.ofDays(365);

  private final Fleet fleet;
  private final Supplier<String> names;

  /**
   * @param names makes a name for a job or sweep that has none
   */
  public JobSpecReader(Fleet fleet, Supplier<String> names) {
    this.fleet = fleet;
    this.names = names;
  }

  /** Parses YAML or JSON text into its tree, with a clear error for bad syntax. */
  public static JsonNode parse(String text) {
    if (text.length() > MAX_SPEC_CHARS) {
      throw single("(spec)", "is " + text.length() + " characters; the limit is " + MAX_SPEC_CHARS);
    }
    try {
      JsonNode node = asJson(text);
      if (node == null) {
        node = YAML.readTree(text);
      }
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw single("(spec)", "is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw single("(spec)", "is not valid YAML or JSON" + where + ": " + e.getOriginalMessage());
    }
  }

  /**
   * JSON is YAML too, but the JSON parser reads it several times faster; null when the text is not
   * JSON (it may still be YAML, such as a flow mapping {@code {gpus: 2}}).
   */
  private static JsonNode asJson(String text) {
    String start = text.stripLeading();
    if (!start.startsWith("{") && !start.startsWith("[")) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** A job spec as {@code owner} submits it at {@code now}. */
  public Workload job(JsonNode spec, String owner, Instant now) {
    now = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Errors errors = new Errors();
    Workload workload = readJob(spec, "", owner, now, errors, null);
    errors.throwIfAny();
    return workload;
  }

  /** A sweep spec: its template expanded into trials sharing a deadline and a parallel cap. */
  public Sweep sweep(JsonNode spec, String owner, Instant now) {
    now = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Errors errors = new Errors();
    if (!spec.isObject()) {
      throw single("(spec)", "must be a mapping of field: value");
    }
    errors.onlyKeys(spec, "", SWEEP_FIELDS);
    String name = name(spec, "", errors);
    JsonNode template = spec.get("template");
    Workload workload = null;
    if (template == null || !template.isObject()) {
      errors.add("template", "is required: the job each trial runs (image, gpus, duration, …)");
    } else {
      workload = readJob(template, "template.", owner, now, errors, name);
    }
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    JsonNode params = spec.get("parameters");
    if (params == null || !params.isObject() || params.isEmpty()) {
      errors.add(
          "parameters",
          "is required: a mapping of argument name to its values, e.g. lr: [1e-4, 3e-4]");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String path = "parameters." + entry.getKey();
        if (!entry.getKey().matches("[A-Za-z0-9_.-]+")) {
          errors.add(path, "a parameter name may hold letters, digits, '_', '.' and '-' only");
        }
        if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
          errors.add(path, "must be a non-empty list of values");
          continue;
        }
        List<String> values = new ArrayList<>();
        entry.getValue().forEach(value -> values.add(plain(value)));
        parameters.put(entry.getKey(), values);
      }
    }
    int maxParallel =
        intField(spec, "maxParallel", "", 1, 100_000, errors).orElse(Integer.MAX_VALUE);
    long trials = parameters.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
    if (trials > MAX_TRIALS) {
      errors.add("parameters", "make " + trials + " trials; the limit is " + MAX_TRIALS);
    }
    errors.throwIfAny();
    return new Sweep(name, workload, parameters, Math.min(maxParallel, (int) trials));
  }

  private Workload readJob(
      JsonNode spec, String prefix, String owner, Instant now, Errors errors, String fixedName) {
    if (!spec.isObject()) {
      errors.add(
          prefix.isEmpty() ? "(spec)" : prefix.substring(0, prefix.length() - 1),
          "must be a mapping of field: value");
      return null;
    }
    errors.onlyKeys(spec, prefix, JOB_FIELDS);
    String name = fixedName != null ? fixedName : name(spec, prefix, errors);
    String image = text(spec, "image", prefix, errors, true).orElse("");
    List<String> command = texts(spec, "command", prefix, errors);
    command.addAll(texts(spec, "args", prefix, errors));
    int gpus = intField(spec, "gpus", prefix, 1, 4096, errors).orElse(1);
    Set<String> models = gpuModels(spec, prefix, errors);
    Duration duration =
        duration(spec, "duration", prefix, errors, true).orElse(Duration.ofHours(1));
    if (duration.compareTo(MAX_DURATION) > 0 || duration.isZero() || duration.isNegative()) {
      errors.add(
          prefix + "duration",
          "must be more than 0 and at most 90d, got " + DurationText.format(duration));
    }
    Instant earliest = time(spec, "earliestStart", prefix, now, errors).orElse(now);
    Optional<Instant> deadline = time(spec, "deadline", prefix, now, errors);
    if (deadline.isEmpty() && !errors.has(prefix + "deadline")) {
      errors.add(
          prefix + "deadline",
          "is required: a duration from now (48h) or a time (2024-05-01T09:00Z)");
    }
    deadline.ifPresent(
        end -> {
          Instant ready = earliest.isAfter(now) ? earliest : now;
          if (end.isAfter(now.plus(MAX_DEADLINE))) {
            errors.add(prefix + "deadline", "is more than 365d away: " + end);
          } else if (end.isBefore(ready.plus(duration))) {
            errors.add(
                prefix + "deadline",
                end
                    + " leaves no time for the "
                    + DurationText.format(duration)
                    + " run starting "
                    + (ready.equals(now) ? "now (" + now + ")" : "at " + ready)
                    + "; set it after "
                    + ready.plus(duration));
          }
        });
    List<String> regions = regions(spec, prefix, errors);
    boolean interruptible = bool(spec, "interruptible", prefix, errors).orElse(false);
    int priority = intField(spec, "priority", prefix, -1000, 1000, errors).orElse(0);
    Map<String, String> env = env(spec, prefix, errors);
    List<Volume> volumes = volumes(spec, prefix, errors);
    checkSomePoolFits(prefix, gpus, models, regions, errors);
    if (errors.hasAny()) {
      return null;
    }
    return Workload.builder(name)
        .owner(owner)
        .image(image)
        .command(command)
        .gpus(gpus)
        .gpuModels(models)
        .duration(duration)
        .earliestStart(earliest)
        .deadline(deadline.orElseThrow())
        .regions(regions)
        .interruptible(interruptible)
        .priority(priority)
        .env(env)
        .volumes(volumes)
        .build();
  }

  private static Map<String, String> env(JsonNode spec, String prefix, Errors errors) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = spec.get("env");
    if (node == null || node.isNull()) {
      return env;
    }
    if (!node.isObject()) {
      errors.add(prefix + "env", "must be a mapping of NAME: value, got " + describe(node));
      return env;
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                errors.add(
                    prefix + "env." + entry.getKey(),
                    "is not a valid variable name (letters, digits, '_')");
              } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                errors.add(
                    prefix + "env." + entry.getKey(),
                    "must be a text, got " + describe(entry.getValue()));
              } else {
                env.put(entry.getKey(), entry.getValue().asText());
              }
            });
    return env;
  }

  private static final Map<String, Volume.Kind> VOLUME_SOURCES =
      Map.of(
          "persistentVolumeClaim", Volume.Kind.PERSISTENT_VOLUME_CLAIM,
          "configMap", Volume.Kind.CONFIG_MAP,
          "secret", Volume.Kind.SECRET,
          "emptyDir", Volume.Kind.EMPTY_DIR,
          "hostPath", Volume.Kind.HOST_PATH);

  /**
   * The run's volumes, each with a name, a mount path and exactly one source; a host path only
   * where the server's policy allows it.
   */
  private List<Volume> volumes(JsonNode spec, String prefix, Errors errors) {
    List<Volume> volumes = new ArrayList<>();
    JsonNode node = spec.get("volumes");
    if (node == null || node.isNull()) {
      return volumes;
    }
    if (!node.isArray()) {
      errors.add(prefix + "volumes", "must be a list of {name, mountPath, and one source}");
      return volumes;
    }
    List<String> allowed = new ArrayList<>(List.of("name", "mountPath", "readOnly"));
    allowed.addAll(new java.util.TreeSet<>(VOLUME_SOURCES.keySet()));
    for (int i = 0; i < node.size(); i++) {
      String at = prefix + "volumes[" + i + "]";
      JsonNode volume = node.get(i);
      if (!volume.isObject()) {
        errors.add(at, "must be a mapping with name, mountPath and one source");
        continue;
      }
      errors.onlyKeys(volume, at + ".", allowed);
      String name = volume.path("name").asText("");
      String mountPath = volume.path("mountPath").asText("");
      if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
        errors.add(
            at + ".name",
            "must be a DNS label (lower-case letters, digits, '-'), got '" + name + "'");
      }
      if (!mountPath.startsWith("/")) {
        errors.add(at + ".mountPath", "must be an absolute path, got '" + mountPath + "'");
      }
      List<String> sources = VOLUME_SOURCES.keySet().stream().filter(volume::has).sorted().toList();
      if (sources.size() != 1) {
        errors.add(
            at,
            "needs exactly one of "
                + String.join(", ", new java.util.TreeSet<>(VOLUME_SOURCES.keySet()))
                + ", got "
                + (sources.isEmpty() ? "none" : String.join(" and ", sources)));
        continue;
      }
      Volume.Kind kind = VOLUME_SOURCES.get(sources.get(0));
      if (kind == Volume.Kind.HOST_PATH && !fleet.config().executor().allowHostPath()) {
        errors.add(
            at + ".hostPath",
            "host paths are not allowed by this server's policy (executor.allowHostPath)");
        continue;
      }
      String source = kind == Volume.Kind.EMPTY_DIR ? "" : volume.path(sources.get(0)).asText("");
      if (kind != Volume.Kind.EMPTY_DIR && source.isBlank()) {
        errors.add(at + "." + sources.get(0), "must name its source");
        continue;
      }
      volumes.add(
          new Volume(name, mountPath, kind, source, volume.path("readOnly").asBoolean(false)));
    }
    return volumes;
  }

  private String name(JsonNode spec, String prefix, Errors errors) {
    Optional<String> given = text(spec, "name", prefix, errors, false);
    if (given.isEmpty()) {
      return names.get();
    }
    String name = given.get();
    if (!NAME.matcher(name).matches() || name.length() > 56) {
      errors.add(
          prefix + "name",
          "'"
              + name
              + "' must be 1-56 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit");
    }
    return name;
  }

  private Set<String> gpuModels(JsonNode spec, String prefix, Errors errors) {
    List<String> typed = new ArrayList<>();
    if (spec.has("gpuModel") && spec.has("gpuModels")) {
      errors.add(prefix + "gpuModel", "give gpuModel or gpuModels, not both");
    }
    text(spec, "gpuModel", prefix, errors, false).ifPresent(typed::add);
    typed.addAll(texts(spec, "gpuModels", prefix, errors));
    Set<String> models = new LinkedHashSet<>();
    for (String model : typed) {
      try {
        models.add(fleet.gpuModel(model));
      } catch (UnknownNameException e) {
        errors.add(prefix + (spec.has("gpuModel") ? "gpuModel" : "gpuModels"), e.getMessage());
      }
    }
    return models;
  }

  private List<String> regions(JsonNode spec, String prefix, Errors errors) {
    List<String> typed = texts(spec, "regions", prefix, errors);
    if (!spec.has("regions")) {
      // Default: every region with a pool, the first pool's region being home.
      Set<String> all = new LinkedHashSet<>();
      fleet.pools().forEach(pool -> all.add(pool.region().name()));
      return List.copyOf(all);
    }
    if (typed.isEmpty()) {
      errors.add(prefix + "regions", "must list at least one region, or be left out to allow all");
    }
    List<String> regions = new ArrayList<>();
    for (int i = 0; i < typed.size(); i++) {
      try {
        regions.add(fleet.region(typed.get(i)).name());
      } catch (UnknownNameException e) {
        errors.add(prefix + "regions[" + i + "]", e.getMessage());
      }
    }
    return regions;
  }

  private void checkSomePoolFits(
      String prefix, int gpus, Set<String> models, List<String> regions, Errors errors) {
    if (errors.hasAny() || regions.isEmpty()) {
      return;
    }
    int largest = 0;
    for (NodePool pool : fleet.pools()) {
      if (regions.contains(pool.region().name())
          && (models.isEmpty() || models.contains(pool.gpuModel()))) {
        largest = Math.max(largest, pool.gpus());
      }
    }
    if (largest == 0) {
      errors.add(
          prefix + "regions",
          "no pool in "
              + String.join(", ", regions)
              + (models.isEmpty() ? "" : " has " + String.join(" or ", models))
              + "; pools: "
              + String.join(
                  ", ",
                  fleet.pools().stream()
                      .map(
                          pool ->
                              pool.name()
                                  + " ("
                                  + pool.region().name()
                                  + ", "
                                  + pool.gpus()
                                  + "×"
                                  + pool.gpuModel()
                                  + ")")
                      .toList()));
    } else if (gpus > largest) {
      errors.add(
          prefix + "gpus", gpus + " GPUs do not fit any allowed pool; the largest has " + largest);
    }
  }

  private static Optional<String> text(
      JsonNode spec, String key, String prefix, Errors errors, boolean required) {
    JsonNode node = spec.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        errors.add(prefix + key, "is required");
      }
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(prefix + key, "must be a text, got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(node.asText().strip());
  }

  private static List<String> texts(JsonNode spec, String key, String prefix, Errors errors) {
    JsonNode node = spec.get(key);
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      errors.add(prefix + key, "must be a list, got " + describe(node));
      return values;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isValueNode() || item.isNull()) {
        errors.add(prefix + key + "[" + i + "]", "must be a text, got " + describe(item));
      } else {
        values.add(item.asText());
      }
    }
    return values;
  }

  private static Optional<Integer> intField(
      JsonNode spec, String key, String prefix, int min, int max, Errors errors) {
    JsonNode node = spec.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      errors.add(prefix + key, "must be a whole number, got " + describe(node));
      return Optional.empty();
    }
    int value = node.intValue();
    if (value < min || value > max) {
      errors.add(prefix + key, "must be between " + min + " and " + max + ", got " + value);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  private static Optional<Boolean> bool(JsonNode spec, String key, String prefix, Errors errors) {
    JsonNode node = spec.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      errors.add(prefix + key, "must be true or false, got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(node.booleanValue());
  }

  private static Optional<Duration> duration(
      JsonNode spec, String key, String prefix, Errors errors, boolean required) {
    Optional<String> text = text(spec, key, prefix, errors, required);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = DurationText.parse(text.get());
    if (parsed.isEmpty()) {
      errors.add(prefix + key, "must be " + DurationText.EXPECTED + ", got '" + text.get() + "'");
    }
    return parsed;
  }

  /** A time: a duration from now ({@code 48h}) or an ISO-8601 time with a zone. */
  private static Optional<Instant> time(
      JsonNode spec, String key, String prefix, Instant now, Errors errors) {
    Optional<String> text = text(spec, key, prefix, errors, false);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> relative = DurationText.parse(text.get());
    if (relative.isPresent()) {
      return Optional.of(now.plus(relative.get()));
    }
    try {
      Instant at = OffsetDateTime.parse(text.get().toUpperCase(Locale.ROOT)).toInstant();
      if (at.isBefore(now) && key.equals("deadline")) {
        errors.add(prefix + key, text.get() + " is in the past (now is " + now + ")");
        return Optional.empty();
      }
      return Optional.of(at);
    } catch (DateTimeParseException e) {
      errors.add(
          prefix + key,
          "must be a duration from now (48h) or a time with a zone (2024-05-01T09:00Z), got '"
              + text.get()
              + "'");
      return Optional.empty();
    }
  }

  /** A value as an argument: decimals in plain notation (1e-4 → 0.0001), others as written. */
  private static String plain(JsonNode value) {
    if (value.isFloatingPointNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    return value.asText();
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
  }

  private static SpecException single(String field, String message) {
    return new SpecException(List.of(new SpecException.FieldError(field, message)));
  }

  /** Collects the errors of one spec. */
  private static final class Errors {
    private final List<SpecException.FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
      errors.add(new SpecException.FieldError(field, message));
    }

    boolean has(String field) {
      return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    boolean hasAny() {
      return !errors.isEmpty();
    }

    void onlyKeys(JsonNode node, String prefix, List<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          add(prefix + key, "unknown field; " + Suggestions.knownOrClosest(key, allowed));
        }
      }
    }

    void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new SpecException(errors);
      }
    }
  }
}
