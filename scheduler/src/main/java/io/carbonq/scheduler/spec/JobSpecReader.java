package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.carbonq.config.DurationText;
import io.carbonq.config.Suggestions;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Volume;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import java.nio.file.Path;
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
 *
 * <p>Limits: a spec is at most 256 KiB; a duration is whole seconds from 1m to 90d; the deadline
 * and the earliest start are whole seconds within 365d of now; a sweep has at most {@value
 * #MAX_PARAMETERS} parameters and makes at most {@value #MAX_TRIALS} trials; free texts (command,
 * arguments, environment values) hold no control characters but tab and line breaks.
 */
public final class JobSpecReader {
  /** The largest spec accepted, in characters (and, read from a file or a request, in bytes). */
  public static final int MAX_SPEC_CHARS = 256 * 1024;

  public static final int MAX_TRIALS = Sweep.MAX_TRIALS;

  /** The most parameters a sweep may vary. */
  public static final int MAX_PARAMETERS = 32;

  /** The most a sweep's trials may store in all: trials × the template's size. */
  public static final long MAX_SWEEP_CHARS = 64L * 1024 * 1024;

  private static final int MAX_TEXT_CHARS = 64 * 1024;
  private static final int MAX_NAME_CHARS = 128;
  private static final int MAX_VALUE_CHARS = 1024;
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
          "home",
          "interruptible",
          "priority",
          "env",
          "volumes");
  private static final List<String> SWEEP_FIELDS =
      List.of("name", "template", "parameters", "array", "maxParallel");

  /** The fields only a sweep spec has. */
  private static final List<String> SWEEP_ONLY = List.of("template", "parameters", "array");

  private static final Duration MIN_DURATION = Duration.ofMinutes(1);
  private static final Duration MAX_DURATION = Duration.ofDays(90);
  private static final Duration MAX_AHEAD = Duration.ofDays(365);

  private final Fleet fleet;
  private final Supplier<String> names;
  private final VolumeSpecs volumes;
  private final RegionSpecs places;

  /**
   * @param names makes a name for a job or sweep that has none
   */
  public JobSpecReader(Fleet fleet, Supplier<String> names) {
    this.fleet = fleet;
    this.names = names;
    this.volumes = new VolumeSpecs(fleet.config().executor().allowHostPath());
    this.places = new RegionSpecs(fleet);
  }

  /**
   * Parses YAML or JSON text into its tree, with a clear error for bad syntax, YAML anchors or
   * aliases, a field given twice, or nesting deeper than a spec needs.
   */
  public static JsonNode parse(String text) {
    return SpecTree.parse(text);
  }

  /** Parses a request body, which must be UTF-8 (as JSON is), as {@link #parse(String)} does. */
  public static JsonNode parse(byte[] utf8) {
    return SpecTree.parse(utf8);
  }

  /**
   * Reads and parses a spec file, refusing one over {@link #MAX_SPEC_CHARS} bytes before reading it
   * all; a file that cannot be read is an error on the field {@code (file)}.
   */
  public static JsonNode readFile(Path file) {
    return SpecTree.read(file);
  }

  /**
   * Whether {@code spec} is a sweep's rather than a job's: a mapping with a {@code template},
   * {@code parameters} or an {@code array}.
   */
  public static boolean isSweep(JsonNode spec) {
    return spec.isObject() && SWEEP_ONLY.stream().anyMatch(spec::has);
  }

  /** A job spec as {@code owner} submits it at {@code now}. */
  public Workload job(JsonNode spec, String owner, Instant now) {
    if (isSweep(spec)) {
      throw single(
          "(spec)",
          "is a sweep spec (it has "
              + String.join(" and ", SWEEP_ONLY.stream().filter(spec::has).toList())
              + "): submit it as a sweep (POST /v1/sweeps, carbonq sweep FILE)");
    }
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
    if (!isSweep(spec)
        && JOB_FIELDS.stream().anyMatch(field -> !field.equals("name") && spec.has(field))) {
      throw single(
          "(spec)",
          "is a job spec (it has no template or parameters): submit it as a job (POST /v1/jobs,"
              + " carbonq submit FILE)");
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
    boolean array = spec.has("array");
    Optional<ArrayIndices> indices = array ? array(spec, errors) : Optional.empty();
    Map<String, List<String>> parameters =
        array
            ? indices.map(found -> Map.of(ArrayIndices.VARIABLE, found.indices())).orElse(Map.of())
            : parameters(spec.get("parameters"), errors);
    int maxParallel =
        intField(spec, "maxParallel", "", 1, 100_000, errors).orElse(Integer.MAX_VALUE);
    if (indices.isPresent() && indices.get().maxParallel().isPresent()) {
      if (spec.has("maxParallel")) {
        errors.add("maxParallel", "give maxParallel or %N after the array's indices, not both");
      }
      maxParallel = indices.get().maxParallel().getAsInt();
    }
    long trials = Sweep.trialCount(parameters.values());
    if (trials > MAX_TRIALS) {
      errors.add(
          "parameters",
          "the grid "
              + grid(parameters)
              + " makes more than "
              + MAX_TRIALS
              + " trials, the limit: drop values or split the sweep");
    } else if (template != null && template.isObject()) {
      long stored = trials * (template.toString().length() + argumentChars(parameters));
      if (stored > MAX_SWEEP_CHARS) {
        errors.add(
            "template",
            trials
                + " trials of this template would store "
                + stored / 1024
                + " KiB of specs; the limit is "
                + MAX_SWEEP_CHARS / 1024
                + " KiB: shrink the template (env, command) or the grid");
      }
    }
    errors.throwIfAny();
    return new Sweep(
        name,
        workload,
        parameters,
        Math.min(maxParallel, (int) trials),
        array ? Sweep.Passing.ENVIRONMENT : Sweep.Passing.ARGUMENTS);
  }

  /**
   * A job array's indices, each trial finding its own in {@link ArrayIndices#VARIABLE}, which the
   * template may then not set.
   */
  private static Optional<ArrayIndices> array(JsonNode spec, Errors errors) {
    if (spec.has("parameters")) {
      errors.add("array", "give parameters or array, not both");
    }
    JsonNode template = spec.path("template");
    if (template.path("env").has(ArrayIndices.VARIABLE)) {
      errors.add(
          "template.env." + ArrayIndices.VARIABLE,
          "is set to each trial's index by array; leave it out");
    }
    JsonNode node = spec.get("array");
    if (!node.isTextual() && !node.isIntegralNumber()) {
      errors.add(
          "array", "must be indices such as 0-15, 0-15:2, 1,3,5 or 0-99%8, got " + describe(node));
      return Optional.empty();
    }
    ArrayIndices.Result parsed = ArrayIndices.parse(node.asText());
    parsed.error().ifPresent(problem -> errors.add("array", problem));
    return parsed.indices();
  }

  /** The grid: each parameter's values, as arguments are written ({@code 1e-4} as 0.0001). */
  private static Map<String, List<String>> parameters(JsonNode params, Errors errors) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (params == null || !params.isObject() || params.isEmpty()) {
      errors.add(
          "parameters",
          "is required: a mapping of argument name to its values, e.g. lr: [1e-4, 3e-4], or an"
              + " array of indices instead, e.g. array: 0-15");
      return parameters;
    }
    if (params.size() > MAX_PARAMETERS) {
      errors.add(
          "parameters",
          "has " + params.size() + " parameters; a sweep varies at most " + MAX_PARAMETERS);
      return parameters;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = "parameters." + SpecText.key(entry.getKey());
      if (!entry.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
        errors.add(path, "a parameter name is 1-64 letters, digits, '_', '.' and '-'");
      }
      JsonNode values = entry.getValue();
      if (!values.isArray() || values.isEmpty()) {
        errors.add(path, "must be a non-empty list of values");
        continue;
      }
      if (values.size() > MAX_TRIALS) {
        errors.add(path, "has " + values.size() + " values; the limit is " + MAX_TRIALS);
        continue;
      }
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        JsonNode value = values.get(i);
        if (!value.isValueNode() || value.isNull()) {
          errors.add(path + "[" + i + "]", "must be a text or a number, got " + describe(value));
          continue;
        }
        String text = plain(value);
        String at = path + "[" + i + "]";
        SpecText.problem(text, MAX_VALUE_CHARS)
            .ifPresentOrElse(problem -> errors.add(at, problem), () -> texts.add(text));
      }
      parameters.put(entry.getKey(), texts);
    }
    return parameters;
  }

  /** The grid's shape for a message: {@code lr (3) × bs (2) × …}. */
  private static String grid(Map<String, List<String>> parameters) {
    List<String> sizes =
        parameters.entrySet().stream()
            .map(entry -> SpecText.key(entry.getKey()) + " (" + entry.getValue().size() + ")")
            .toList();
    String shown = String.join(" × ", sizes.subList(0, Math.min(6, sizes.size())));
    return sizes.size() > 6 ? shown + " × … (" + sizes.size() + " parameters)" : shown;
  }

  /** The characters each trial's {@code --name=value} arguments add, at most. */
  private static long argumentChars(Map<String, List<String>> parameters) {
    long chars = 0;
    for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
      int longest = entry.getValue().stream().mapToInt(String::length).max().orElse(0);
      chars += entry.getKey().length() + longest + 8;
    }
    return chars;
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
    if (!errors.has(prefix + "image")) {
      ImageReference.problem(image).ifPresent(problem -> errors.add(prefix + "image", problem));
    }
    List<String> command = texts(spec, "command", prefix, errors, MAX_TEXT_CHARS);
    command.addAll(texts(spec, "args", prefix, errors, MAX_TEXT_CHARS));
    int gpus = intField(spec, "gpus", prefix, 1, 4096, errors).orElse(1);
    Set<String> models = gpuModels(spec, prefix, errors);
    Duration duration = runTime(spec, prefix, errors);
    Instant earliest = time(spec, "earliestStart", prefix, now, errors).orElse(now);
    Optional<Instant> deadline = time(spec, "deadline", prefix, now, errors);
    if (deadline.isEmpty() && !errors.has(prefix + "deadline")) {
      errors.add(
          prefix + "deadline",
          "is required: a duration from now (48h) or a time (2024-05-01T09:00Z)");
    }
    deadline
        .filter(end -> !errors.has(prefix + "duration") && !errors.has(prefix + "earliestStart"))
        .ifPresent(
            end -> {
              Instant ready = earliest.isAfter(now) ? earliest : now;
              if (end.isBefore(ready.plus(duration))) {
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
    List<String> regions = places.regions(spec, prefix, errors);
    Optional<String> home = places.home(spec, prefix, regions, errors);
    boolean interruptible = bool(spec, "interruptible", prefix, errors).orElse(false);
    int priority = intField(spec, "priority", prefix, -1000, 1000, errors).orElse(0);
    Map<String, String> env = env(spec, prefix, errors);
    List<Volume> volumes = this.volumes.read(spec, prefix, errors);
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
        .home(home)
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
              String path = prefix + "env." + SpecText.key(entry.getKey());
              if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,255}")) {
                errors.add(path, "is not a valid variable name (letters, digits, '_')");
              } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                errors.add(path, "must be a text, got " + describe(entry.getValue()));
              } else {
                String value = entry.getValue().asText();
                SpecText.problem(value, MAX_TEXT_CHARS)
                    .ifPresentOrElse(
                        problem -> errors.add(path, problem), () -> env.put(entry.getKey(), value));
              }
            });
    return env;
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
          SpecText.quote(name)
              + " must be 1-56 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit");
    }
    return name;
  }

  private Set<String> gpuModels(JsonNode spec, String prefix, Errors errors) {
    List<String> typed = new ArrayList<>();
    if (spec.has("gpuModel") && spec.has("gpuModels")) {
      errors.add(prefix + "gpuModel", "give gpuModel or gpuModels, not both");
    }
    text(spec, "gpuModel", prefix, errors, false)
        .ifPresent(
            model ->
                SpecText.problem(model, MAX_NAME_CHARS)
                    .ifPresentOrElse(
                        problem -> errors.add(prefix + "gpuModel", problem),
                        () -> typed.add(model)));
    typed.addAll(texts(spec, "gpuModels", prefix, errors, MAX_NAME_CHARS));
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

  static Optional<String> text(
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

  static List<String> texts(JsonNode spec, String key, String prefix, Errors errors, int maxChars) {
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
      String at = prefix + key + "[" + i + "]";
      if (!item.isValueNode() || item.isNull()) {
        errors.add(at, "must be a text, got " + describe(item));
      } else {
        SpecText.problem(item.asText(), maxChars)
            .ifPresentOrElse(problem -> errors.add(at, problem), () -> values.add(item.asText()));
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
    if (!node.isIntegralNumber()) {
      errors.add(prefix + key, "must be a whole number, got " + describe(node));
      return Optional.empty();
    }
    if (!node.canConvertToInt()) {
      errors.add(prefix + key, "must be between " + min + " and " + max + ", got " + node);
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

  /** The run time: whole seconds (as the queue stores it) from 1m to 90d. */
  private static Duration runTime(JsonNode spec, String prefix, Errors errors) {
    String field = prefix + "duration";
    Optional<String> text = text(spec, "duration", prefix, errors, true);
    if (text.isEmpty()) {
      return Duration.ofHours(1);
    }
    Optional<Duration> parsed = DurationText.parse(text.get());
    if (parsed.isEmpty()) {
      errors.add(
          field,
          "must be " + DurationText.expected(text.get()) + ", got " + SpecText.quote(text.get()));
      return Duration.ofHours(1);
    }
    Duration duration = parsed.get();
    if (duration.getNano() != 0) {
      errors.add(
          field,
          "must be whole seconds (the queue stores whole seconds), got "
              + SpecText.quote(text.get()));
    } else if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
      errors.add(
          field,
          "must be from 1m to 90d, got "
              + (duration.isNegative()
                  ? SpecText.quote(text.get())
                  : DurationText.format(duration)));
    }
    return duration;
  }

  /**
   * A time: a duration from now ({@code 48h}) or an ISO-8601 time with a zone, in whole seconds
   * within 365d of now; a deadline may not be in the past.
   */
  private static Optional<Instant> time(
      JsonNode spec, String key, String prefix, Instant now, Errors errors) {
    Optional<String> text = text(spec, key, prefix, errors, false);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String field = prefix + key;
    String typed = SpecText.quote(text.get());
    if (text.get().contains(":") && !text.get().contains("-")) {
      // Slurm reads 12:00 in --begin and --deadline as a time of day, not as a span from now.
      errors.add(
          field,
          typed
              + " would read as a time of day; give a duration from now (48h, 2-00:00:00) or a"
              + " time with a zone (2024-05-01T09:00Z)");
      return Optional.empty();
    }
    Optional<Duration> relative = DurationText.parse(text.get());
    Instant at;
    if (relative.isPresent()) {
      // Not abs(): the most negative duration has no absolute value.
      if (relative.get().compareTo(MAX_AHEAD) > 0
          || relative.get().compareTo(MAX_AHEAD.negated()) < 0) {
        errors.add(field, "must be within 365d of now, got " + typed);
        return Optional.empty();
      }
      at = now.plus(relative.get());
    } else {
      try {
        at = OffsetDateTime.parse(text.get().toUpperCase(Locale.ROOT)).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(
            field,
            "must be a duration from now (48h) or a time with a zone (2024-05-01T09:00Z), got "
                + typed);
        return Optional.empty();
      }
    }
    if (at.getNano() != 0) {
      errors.add(field, "must be a whole second, got " + typed);
      return Optional.empty();
    }
    if (at.isBefore(now) && key.equals("deadline")) {
      errors.add(
          field, typed.substring(1, typed.length() - 1) + " is in the past (now is " + now + ")");
      return Optional.empty();
    }
    if (Duration.between(now, at).abs().compareTo(MAX_AHEAD) > 0) {
      errors.add(
          field,
          "is more than 365d "
              + (at.isBefore(now) ? "in the past" : "ahead")
              + " (now is "
              + now
              + "): "
              + at);
      return Optional.empty();
    }
    return Optional.of(at);
  }

  /**
   * A value as an argument: as written in YAML; from JSON, decimals in plain notation (1e-4 →
   * 0.0001), others as written.
   */
  private static String plain(JsonNode value) {
    if (value instanceof WrittenScalars.Written) {
      return value.asText();
    }
    if (value.isFloatingPointNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    return value.asText();
  }

  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? SpecText.quote(node.asText()) : node.toString();
  }

  private static SpecException single(String field, String message) {
    return new SpecException(List.of(new SpecException.FieldError(field, message)));
  }

  /** Collects the errors of one spec. */
  static final class Errors {
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

    int count() {
      return errors.size();
    }

    void onlyKeys(JsonNode node, String prefix, List<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          add(
              prefix + SpecText.key(key),
              "unknown field; "
                  + (key.length() > MAX_NAME_CHARS
                      ? "known: " + String.join(", ", allowed)
                      : Suggestions.knownOrClosest(key, allowed)));
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
