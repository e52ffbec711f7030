package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import io.carbonq.scheduler.spec.JobSpecReader;
import io.carbonq.scheduler.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A job spec from a YAML or JSON file, from flags, or both (flags win), as {@code submit} and
 * {@code plan} take it. The server checks it; here it is only put together.
 */
final class JobSpecFlags {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "job spec, YAML or JSON (see docs/job-files.md)")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "job name, unique (default: generated)")
  String name;

  @Option(names = "--image", paramLabel = "IMAGE", description = "container image")
  String image;

  @Option(names = "--gpus", paramLabel = "N", description = "GPUs (default 1)")
  Integer gpus;

  @Option(
      names = "--gpu-model",
      paramLabel = "MODEL",
      completionCandidates = Completions.GpuModels.class,
      description = "GPU model, e.g. A100 (default: any)")
  List<String> gpuModels;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "estimated run time, e.g. 6h")
  String duration;

  @Option(
      names = "--deadline",
      paramLabel = "WHEN",
      description = "48h from now, or a time: 2024-05-01T09:00Z")
  String deadline;

  @Option(
      names = "--earliest-start",
      paramLabel = "WHEN",
      description = "not before: 2h from now, or a time")
  String earliestStart;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      completionCandidates = Completions.Regions.class,
      description =
          "allowed region, repeatable; the first is home unless --home names one (default: every"
              + " region with a pool)")
  List<String> regions;

  @Option(
      names = "--home",
      paramLabel = "REGION",
      completionCandidates = Completions.Regions.class,
      description =
          "the region savings are measured against (default: the first --region, else the"
              + " server's home:, else the first pool with free GPUs)")
  String home;

  @Option(
      names = "--interruptible",
      description = "the job checkpoints and may be paused and resumed")
  Boolean interruptible;

  @Option(
      names = "--priority",
      paramLabel = "P",
      description = "higher is planned first (default 0)")
  Integer priority;

  @Parameters(
      paramLabel = "COMMAND",
      description = "the command to run, after --, e.g. -- python train.py --lr 3e-4")
  List<String> command;

  JsonNode spec() {
    // `carbonq submit job.yaml`: a spec file named first, without -f and without a command.
    if (file == null && command != null && !command.isEmpty() && isSpecFile(command.get(0))) {
      file = Path.of(command.get(0));
      command = command.subList(1, command.size());
    }
    ObjectNode spec;
    if (file != null) {
      JsonNode read = read(file);
      if (!read.isObject()) {
        throw new ClientException(
            file + ": must be a mapping of field: value", ApiClient.BAD_INPUT);
      }
      if (JobSpecReader.isSweep(read)) {
        throw new ClientException(
            file
                + " is a sweep spec (it has a template and parameters): queue it with `carbonq"
                + " sweep "
                + file
                + "`",
            ApiClient.BAD_INPUT);
      }
      spec = (ObjectNode) read;
    } else {
      spec = JsonNodeFactory.instance.objectNode();
    }
    put(spec, "name", name);
    put(spec, "image", image);
    if (gpus != null) {
      spec.put("gpus", gpus);
    }
    if (gpuModels != null) {
      spec.remove("gpuModel");
      array(spec, "gpuModels", gpuModels);
    }
    put(spec, "duration", duration);
    put(spec, "deadline", deadline);
    put(spec, "earliestStart", earliestStart);
    if (regions != null) {
      array(spec, "regions", regions);
    }
    put(spec, "home", home);
    if (interruptible != null) {
      spec.put("interruptible", interruptible);
    }
    if (priority != null) {
      spec.put("priority", priority);
    }
    if (command != null && !command.isEmpty()) {
      spec.remove("args");
      array(spec, "command", command);
    }
    if (spec.isEmpty()) {
      throw new ClientException(
          "give a spec file (-f job.yaml) or flags (--image, --duration, --deadline, …)",
          ApiClient.BAD_INPUT);
    }
    return spec;
  }

  /**
   * The sweep spec of a job array: {@code job} as the template, its name as the sweep's, and the
   * indices as Slurm's {@code --array} writes them.
   */
  static JsonNode asArray(JsonNode job, String indices) {
    ObjectNode template = job.deepCopy();
    ObjectNode sweep = JsonNodeFactory.instance.objectNode();
    JsonNode name = template.remove("name");
    if (name != null) {
      sweep.set("name", name);
    }
    sweep.set("template", template);
    sweep.put("array", indices);
    return sweep;
  }

  /** A job or sweep spec file, read only up to the size a spec may have; else exit code 2. */
  static JsonNode read(Path file) {
    try {
      return JobSpecReader.readFile(file);
    } catch (SpecException e) {
      List<SpecException.FieldError> errors = e.errors();
      throw new ClientException(
          errors.size() == 1 && errors.get(0).field().equals("(file)")
              ? file + ": " + errors.get(0).message()
              : file + ": " + e.getMessage(),
          ApiClient.BAD_INPUT);
    }
  }

  private static boolean isSpecFile(String argument) {
    String lower = argument.toLowerCase(java.util.Locale.ROOT);
    return (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))
        && Files.isRegularFile(Path.of(argument));
  }

  private static void put(ObjectNode spec, String key, String value) {
    if (value != null) {
      spec.put(key, value);
    }
  }

  private static void array(ObjectNode spec, String key, List<String> values) {
    ArrayNode array = spec.putArray(key);
    new ArrayList<>(values).forEach(array::add);
  }
}
