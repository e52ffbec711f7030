package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.scheduler.api.SpecPreview;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.spec.JobSpecReader;
import io.carbonq.scheduler.spec.SpecException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --dry-run}: checks a job or sweep spec here, against the configuration the server would
 * use, and prints what would be queued; no server is asked and nothing is queued. A name the server
 * would make up is shown as {@value #GENERATED}.
 */
final class DryRun {
  static final String GENERATED = "job-xxxxxxxx";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_TRIALS = 5;

  @Option(
      names = "--dry-run",
      description = "check the spec here and print what would be queued; no server is needed")
  boolean dryRun;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "with --dry-run: the server's carbonq.yaml to check against (default: the embedded one)")
  Path config;

  /** Prints the job {@code spec} would queue; a wrong spec is bad input, naming each field. */
  int job(JsonNode spec, CliContext context, ClientOutput output) {
    Workload job = checked(() -> reader().job(spec, "you", context.clock().instant()));
    if (!output.table()) {
      output.print(context.out(), JSON.valueToTree(SpecPreview.job(job)));
      return 0;
    }
    PrintWriter out = context.out();
    out.printf("would queue %s: %s (nothing queued: a dry run)%n", job.id(), summary(job));
    out.printf("  runs       %s %s%n", job.image(), String.join(" ", job.command()));
    describe(out, job);
    return 0;
  }

  /** Prints the sweep {@code spec} would queue, its first trials and how many there are. */
  int sweep(JsonNode spec, CliContext context, ClientOutput output) {
    Sweep sweep = checked(() -> reader().sweep(spec, "you", context.clock().instant()));
    if (!output.table()) {
      output.print(context.out(), JSON.valueToTree(SpecPreview.sweep(sweep)));
      return 0;
    }
    PrintWriter out = context.out();
    List<Workload> trials = sweep.trials();
    out.printf(
        "would queue sweep %s: %s, at most %d at once (nothing queued: a dry run)%n",
        sweep.id(), Numbers.count(trials.size(), "trial"), sweep.maxParallel());
    Workload first = trials.get(0);
    out.printf("  each       %s%n", summary(first));
    describe(out, first);
    for (Workload trial : trials.subList(0, Math.min(SHOWN_TRIALS, trials.size()))) {
      out.printf("  %-10s %s%n", trial.id(), values(sweep, trial));
    }
    if (trials.size() > SHOWN_TRIALS) {
      out.printf("  …          %d more%n", trials.size() - SHOWN_TRIALS);
    }
    return 0;
  }

  private JobSpecReader reader() {
    CarbonqConfig configuration =
        config == null ? ConfigLoader.bundledDefault() : ConfigLoader.load(config);
    return new JobSpecReader(new Fleet(configuration), () -> GENERATED);
  }

  private static String summary(Workload job) {
    return job.gpus()
        + "×"
        + (job.gpuModels().isEmpty() ? "any GPU" : String.join("/", job.gpuModels()))
        + " for "
        + io.carbonq.config.DurationText.format(job.duration())
        + ", deadline "
        + job.deadline();
  }

  private static void describe(PrintWriter out, Workload job) {
    out.printf("  not before %s%n", job.earliestStart());
    out.printf("  regions    %s%n", String.join(", ", job.regions()));
    out.printf(
        "  home       %s%n", job.home().orElse("none: savings compare with the first free pool"));
    out.printf("  priority   %d%s%n", job.priority(), job.interruptible() ? ", interruptible" : "");
  }

  /** What sets a trial apart: its arguments or its variables. */
  private static String values(Sweep sweep, Workload trial) {
    if (sweep.passing() == Sweep.Passing.ARGUMENTS) {
      List<String> command = trial.command();
      return String.join(
          " ", command.subList(command.size() - sweep.parameters().size(), command.size()));
    }
    return String.join(
        " ",
        sweep.parameters().keySet().stream()
            .map(name -> name + "=" + trial.env().get(name))
            .toList());
  }

  private static <T> T checked(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (SpecException e) {
      StringBuilder message = new StringBuilder("Invalid job spec:");
      e.errors().forEach(error -> message.append("\n  ").append(error));
      throw new ClientException(message.toString(), ApiClient.BAD_INPUT);
    }
  }
}
