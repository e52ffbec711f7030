package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import io.carbonq.scheduler.spec.JobSpecReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The queue commands: clients of a running {@code carbonq serve}. */
final class QueueCommands {
  private QueueCommands() {}

  /** The rows one page of a list holds when the server is not asked for more. */
  static final int PAGE = 500;

  static List<Object> all(CliContext context) {
    return List.of(
        new Submit(context),
        new SweepSubmit(context),
        new ListJobs(context),
        new StatusCommand(context),
        new LogsCommand(context),
        new Cancel(context),
        new PlanWhatIf(context),
        new TokenCommands(context),
        new BudgetCommands(context),
        new ReportCommand(context));
  }

  /** A new request id per invocation: a retry inside it never queues twice. */
  private static Optional<String> requestId() {
    return Optional.of(UUID.randomUUID().toString());
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  static String kg(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode()
        ? "-"
        : Numbers.fixed(value.asDouble(), 2);
  }

  @Command(
      name = "submit",
      description = "Queue a training job from a spec file or flags.",
      sortOptions = false,
      mixinStandardHelpOptions = true)
  static final class Submit implements Callable<Integer> {
    @Mixin JobSpecFlags spec;

    @Option(
        names = "--array",
        paramLabel = "INDICES",
        description =
            "a job array: one trial per index (0-15, 0-15:2, 1,3,5; %%N at the end runs at most N"
                + " at once), at most 10,000, each run with CARBONQ_ARRAY_TASK_ID set to its"
                + " index; queued as a sweep named as the job")
    String array;

    @Mixin DryRun dryRun;
    @Mixin ServerOption server;
    @Mixin ClientOutput output;
    private final CliContext context;

    Submit(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      JsonNode body = spec.spec();
      if (array != null) {
        JsonNode sweep = JobSpecFlags.asArray(body, array);
        if (dryRun.dryRun) {
          return dryRun.sweep(sweep, context, output);
        }
        return printQueued(
            context.out(), output, server.client(context).post("/v1/sweeps", sweep, requestId()));
      }
      if (dryRun.dryRun) {
        return dryRun.job(body, context, output);
      }
      JsonNode job = server.client(context).post("/v1/jobs", body, requestId());
      if (!output.table()) {
        output.print(context.out(), job);
        return 0;
      }
      JsonNode queued = job.path("spec");
      context
          .out()
          .printf(
              "queued %s: %s×%s for %s, deadline %s%n",
              text(job, "id"),
              queued.path("gpus").asInt(),
              queued.path("gpuModels").isEmpty()
                  ? "any GPU"
                  : String.join("/", strings(queued.path("gpuModels"))),
              text(queued, "duration"),
              text(queued, "deadline"));
      BudgetCommands.printQuotes(context.out(), job.path("budgets"));
      context.out().printf("carbonq plans it now; see `carbonq status %s`%n", text(job, "id"));
      return 0;
    }
  }

  /** What {@code POST /v1/sweeps} queued, as a line for people or the API's answer. */
  static int printQueued(PrintWriter out, ClientOutput output, JsonNode sweep) {
    if (!output.table()) {
      output.print(out, sweep);
      return 0;
    }
    out.printf(
        "queued sweep %s: %s%n",
        text(sweep, "sweep"), Numbers.count(sweep.path("trials").size(), "trial"));
    BudgetCommands.printQuotes(out, sweep.path("budgets"));
    out.printf("see `carbonq status %s`%n", text(sweep, "sweep"));
    return 0;
  }

  @Command(
      name = "sweep",
      description =
          "Queue a hyperparameter sweep: one trial per combination of parameter values, all by one deadline.",
      sortOptions = false,
      mixinStandardHelpOptions = true)
  static final class SweepSubmit implements Callable<Integer> {
    @Parameters(
        paramLabel = "FILE",
        description = "sweep spec, YAML or JSON (see docs/job-files.md)")
    Path file;

    @Mixin DryRun dryRun;
    @Mixin ServerOption server;
    @Mixin ClientOutput output;
    private final CliContext context;

    SweepSubmit(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      JsonNode spec = JobSpecFlags.read(file);
      if (spec.isObject() && !JobSpecReader.isSweep(spec)) {
        throw new ClientException(
            file
                + " is a job spec (it has no template or parameters): queue it with `carbonq"
                + " submit "
                + file
                + "`",
            ApiClient.BAD_INPUT);
      }
      if (dryRun.dryRun) {
        return dryRun.sweep(spec, context, output);
      }
      return printQueued(
          context.out(), output, server.client(context).post("/v1/sweeps", spec, requestId()));
    }
  }

  @Command(
      name = "list",
      description = "List your jobs (every owner's with an admin token and --all-owners).",
      sortOptions = false,
      mixinStandardHelpOptions = true)
  static final class ListJobs implements Callable<Integer> {
    @Option(
        names = "--state",
        paramLabel = "STATE",
        split = ",",
        description =
            "only these states: queued, planned, dispatched, running, paused, succeeded, failed,"
                + " cancelled")
    List<String> states;

    @Option(names = "--sweep", paramLabel = "SWEEP", description = "only the trials of this sweep")
    String sweep;

    @Option(names = "--owner", paramLabel = "OWNER", description = "another owner's jobs (admin)")
    String owner;

    @Option(names = "--all-owners", description = "every owner's jobs (admin)")
    boolean allOwners;

    @ArgGroup(exclusive = true)
    Amount amount = new Amount();

    /** How many jobs: one page by default. */
    static final class Amount {
      @Option(
          names = "--limit",
          paramLabel = "N",
          description = "at most N jobs, over as many pages as it takes (default: one page of 500)")
      Integer limit;

      @Option(names = "--all", description = "every job, over as many pages as it takes")
      boolean all;
    }

    @Mixin WatchOption watch;
    @Mixin ServerOption server;
    @Mixin ClientOutput output;
    private final CliContext context;

    @Spec CommandSpec spec;

    ListJobs(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (amount.limit != null && amount.limit < 1) {
        throw new ClientException(
            "--limit must be at least 1, got " + amount.limit, ApiClient.BAD_INPUT);
      }
      if (owner != null && allOwners) {
        throw new ParameterException(
            spec.commandLine(), "--owner and --all-owners exclude each other: give one");
      }
      boolean watching = watch.on();
      ApiClient client = server.client(context);
      if (watching) {
        return watch.watcher(context, output).run(() -> look(client));
      }
      ApiClient.Listing jobs = jobs(client);
      shownOfTotal(jobs).ifPresent(context.err()::println);
      if (output.name()) {
        jobs.rows().forEach(job -> context.out().println(text(job, "id")));
        return 0;
      }
      if (!output.table()) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putArray("jobs").addAll(jobs.rows());
        document.put("total", jobs.total());
        document.put("next", jobs.next().orElse(null));
        output.print(context.out(), document);
        return 0;
      }
      printTable(context.out(), jobs.rows());
      return 0;
    }

    private ApiClient.Listing jobs(ApiClient client) {
      List<String> query = new ArrayList<>();
      if (states != null) {
        query.add("state=" + encode(String.join(",", states)));
      }
      if (sweep != null) {
        query.add("sweep=" + encode(sweep));
      }
      if (owner != null) {
        query.add("owner=" + encode(owner));
      } else if (!allOwners) {
        // The server lists every owner's jobs to an admin unless asked for the caller's own.
        query.add("scope=mine");
      }
      String path = query.isEmpty() ? "/v1/jobs" : "/v1/jobs?" + String.join("&", query);
      long max = amount.all ? Long.MAX_VALUE : amount.limit == null ? PAGE : amount.limit;
      return client.list(path, "jobs", max);
    }

    private static Optional<String> shownOfTotal(ApiClient.Listing jobs) {
      if (jobs.rows().size() >= jobs.total()) {
        return Optional.empty();
      }
      return Optional.of(
          String.format(
              Locale.ROOT,
              "showing %,d of %,d jobs; --all for every one, --limit N for more",
              jobs.rows().size(),
              jobs.total()));
    }

    private void printTable(PrintWriter out, List<JsonNode> jobs) {
      if (jobs.isEmpty()) {
        out.println("no jobs");
      } else {
        table(jobs).print(out, context.terminal().layout(output.wide()));
      }
    }

    /** The list as {@code -w} sees it: each job is one document, named by owner and id. */
    private Watcher.Look look(ApiClient client) {
      ApiClient.Listing jobs = jobs(client);
      Map<String, JsonNode> documents = new LinkedHashMap<>();
      jobs.rows().forEach(job -> documents.put(text(job, "owner") + "/" + text(job, "id"), job));
      StringWriter table = new StringWriter();
      if (output.table()) {
        PrintWriter out = new PrintWriter(table);
        printTable(out, jobs.rows());
        out.flush();
      }
      return new Watcher.Look(
          table.toString(), documents, shownOfTotal(jobs).orElse(""), Optional.empty());
    }
  }

  /**
   * One row per job. At 80 columns: the id, state, GPUs, emissions, saving and the start of the
   * reason (which names the region); the region, start and "run now" figure as room allows; owner,
   * pool and end only with {@code -o wide}.
   */
  static TextTable table(List<JsonNode> jobs) {
    TextTable table =
        new TextTable(
            Column.of("ID").cut(20),
            Column.of("OWNER").wide(),
            Column.of("STATE"),
            Column.of("GPUS"),
            Column.of("POOL").wide(),
            Column.of("REGION").optional(1),
            Column.of("START").optional(2),
            Column.of("END").wide(),
            Column.of("kgCO2e>"),
            Column.of("NOW kgCO2e>").optional(3),
            Column.of("SAVED>"),
            Column.of("WHY").cut(20));
    for (JsonNode job : jobs) {
      JsonNode plan = job.path("plan");
      boolean planned = !plan.isNull() && !plan.isMissingNode();
      JsonNode spec = job.path("spec");
      String model =
          spec.path("gpuModels").isEmpty()
              ? "any"
              : String.join("/", strings(spec.path("gpuModels")));
      table.add(
          text(job, "id"),
          text(job, "owner"),
          text(job, "state"),
          spec.path("gpus").asInt() + "×" + model,
          planned ? text(plan, "pool") : "-",
          planned ? text(plan, "region") : "-",
          planned ? text(plan, "start") : "-",
          planned ? text(plan, "end") : "-",
          planned ? kg(plan.path("kgCo2e")) : "-",
          planned ? kg(plan.path("runNowKgCo2e")) : "-",
          !planned || plan.path("savingPct").isNull()
              ? "-"
              : Numbers.fixed(plan.path("savingPct").asDouble(), 0) + "%",
          planned ? text(plan, "why") : text(job, "reason"));
    }
    return table;
  }

  /** Pieces as "start–end, start–end"; a piece still running ends in "now". */
  static String pieces(JsonNode pieces) {
    List<String> texts = new ArrayList<>();
    for (JsonNode piece : pieces) {
      String end = piece.path("end").isTextual() ? piece.path("end").asText() : "now";
      texts.add(piece.path("start").asText() + "–" + end);
    }
    return String.join(", ", texts);
  }

  @Command(
      name = "cancel",
      description = {
        "Cancel jobs that have not finished.",
        "A sweep's name cancels every open trial of the sweep; a job of that name wins."
      },
      mixinStandardHelpOptions = true)
  static final class Cancel implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "1..*", description = "jobs' ids or sweeps' names")
    @Completions.ServerIds(Completions.IdKind.all)
    List<String> ids;

    @Mixin OwnerOption owner;
    @Mixin ServerOption server;
    @Mixin ClientOutput output;
    private final CliContext context;

    Cancel(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      ApiClient client = server.client(context);
      List<String> failed = new ArrayList<>();
      for (String id : ids) {
        try {
          cancel(client, id);
        } catch (ClientException e) {
          context.err().printf("error: %s: %s%n", id, e.getMessage());
          failed.add(id);
        }
      }
      return failed.isEmpty() ? 0 : ApiClient.FAILURE;
    }

    /**
     * Cancels job {@code id} or, when no job has it, every open trial of the sweep of that name.
     */
    private void cancel(ApiClient client, String id) {
      JsonNode job;
      try {
        job = client.delete("/v1/jobs/" + encode(id) + owner.query());
      } catch (ClientException e) {
        if (!e.notFound()) {
          throw e;
        }
        SweepView.cancel(client, id, owner.query(), e, output, context.out());
        return;
      }
      if (output.table()) {
        context.out().printf("cancelled %s%n", text(job, "id"));
      } else {
        output.print(context.out(), job);
      }
    }
  }

  @Command(
      name = "plan",
      description =
          "What-if: where and when a job would run and what it would emit against running now; nothing is queued.",
      sortOptions = false,
      mixinStandardHelpOptions = true)
  static final class PlanWhatIf implements Callable<Integer> {
    @Mixin JobSpecFlags spec;
    @Mixin ServerOption server;
    @Mixin ClientOutput output;
    private final CliContext context;

    PlanWhatIf(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      JsonNode plan = server.client(context).post("/v1/plan", spec.spec(), Optional.empty());
      if (!output.table()) {
        output.print(context.out(), plan);
        return 0;
      }
      if (!"placed".equals(text(plan, "decision"))) {
        context.out().printf("would wait: %s%n", text(plan, "why"));
        return 0;
      }
      context
          .out()
          .printf(
              "would run in %s on %s, %s to %s%n",
              text(plan, "region"), text(plan, "pool"), text(plan, "start"), text(plan, "end"));
      context
          .out()
          .printf(
              "  %s kgCO2e against %s kgCO2e running now (%s%% less; the why says where)%n",
              kg(plan.path("kgCo2e")),
              kg(plan.path("runNowKgCo2e")),
              plan.path("savingPct").isNull()
                  ? "?"
                  : Numbers.fixed(plan.path("savingPct").asDouble(), 0));
      context
          .out()
          .printf("  why: %s%n  forecast: %s%n", text(plan, "why"), text(plan, "forecastSource"));
      return 0;
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
