package io.carbonq.scheduler.cli;

import static io.carbonq.scheduler.cli.QueueCommands.encode;
import static io.carbonq.scheduler.cli.QueueCommands.kg;
import static io.carbonq.scheduler.cli.QueueCommands.pieces;
import static io.carbonq.scheduler.cli.QueueCommands.strings;
import static io.carbonq.scheduler.cli.QueueCommands.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.cli.Completions.IdKind;
import io.carbonq.scheduler.client.ApiClient;
import io.carbonq.scheduler.client.ClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code carbonq status}: one job with its plan and decision log, or one sweep. */
@Command(
    name = "status",
    description = {
      "Show one job: its state, plan and every decision taken on it.",
      "Given a sweep's name, show the sweep: its trials by state, the kgCO2e planned and"
          + " realised, and when the last trial is expected to end. A job of that name wins.",
      "With -w it stops by itself once the job, or every trial, has ended: exit 0 if it"
          + " succeeded, 1 if it failed or was cancelled (a trial did)."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "a job's id or a sweep's name")
  @Completions.ServerIds(IdKind.all)
  String id;

  @Mixin OwnerOption owner;
  @Mixin WatchOption watch;
  @Mixin ServerOption server;
  @Mixin ClientOutput output;
  private final CliContext context;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  /** What status shows: a job with its decisions under {@code decisions}, or a sweep. */
  private record Shown(JsonNode document, boolean sweep) {}

  @Override
  public Integer call() {
    boolean watching = watch.on();
    ApiClient client = server.client(context);
    if (watching) {
      return watch.watcher(context, output).run(() -> look(client));
    }
    Shown shown = fetch(client);
    if (output.table()) {
      print(context.out(), shown);
    } else {
      output.print(context.out(), shown.document());
    }
    return 0;
  }

  /** The job with its decisions or, when no job has the id, the sweep of that name. */
  private Shown fetch(ApiClient client) {
    JsonNode job;
    try {
      job = client.get("/v1/jobs/" + encode(id) + owner.query());
    } catch (ClientException e) {
      if (!e.notFound()) {
        throw e;
      }
      return new Shown(SweepView.fetch(client, id, owner.query(), e), true);
    }
    List<JsonNode> decisions =
        client
            .list(
                "/v1/jobs/" + encode(id) + "/decisions" + owner.query(),
                "decisions",
                Long.MAX_VALUE)
            .rows();
    ObjectNode both = job.deepCopy();
    both.putArray("decisions").addAll(decisions);
    return new Shown(both, false);
  }

  /** Status as {@code -w} sees it: one document, which ends when the job or every trial has. */
  private Watcher.Look look(ApiClient client) {
    Shown shown = fetch(client);
    StringWriter table = new StringWriter();
    if (output.table()) {
      PrintWriter out = new PrintWriter(table);
      print(out, shown);
      out.flush();
    }
    return new Watcher.Look(
        table.toString(),
        Map.of("status", shown.document()),
        "",
        shown.sweep()
            ? Watcher.Ending.ofSweep(shown.document())
            : Watcher.Ending.ofJob(shown.document()));
  }

  private void print(PrintWriter out, Shown shown) {
    if (shown.sweep()) {
      SweepView.print(shown.document(), out);
    } else {
      printJob(out, shown.document());
    }
  }

  private void printJob(PrintWriter out, JsonNode job) {
    int width = context.terminal().width(output.wide());
    String state = text(job, "state");
    String reason = text(job, "reason");
    line(
        out,
        width,
        text(job, "id") + "  ",
        saysWhat(reason, state) ? reason : state + "  (" + reason + ")");
    JsonNode spec = job.path("spec");
    line(
        out,
        width,
        "  owner      ",
        text(job, "owner") + ", submitted " + text(job, "submittedAt"));
    line(
        out,
        width,
        "  runs       ",
        String.format(
            "%s on %s (%s) for %s, by %s",
            text(spec, "image"),
            Numbers.count(spec.path("gpus").asInt(), "GPU"),
            spec.path("gpuModels").isEmpty()
                ? "any model"
                : String.join("/", strings(spec.path("gpuModels"))),
            text(spec, "duration"),
            text(spec, "deadline")));
    JsonNode plan = job.path("plan");
    if (!plan.isNull() && !plan.isMissingNode()) {
      line(
          out,
          width,
          "  plan       ",
          String.format(
              "%s in %s, %s to %s",
              text(plan, "pool"), text(plan, "region"), text(plan, "start"), text(plan, "end")));
      line(
          out,
          width,
          "  emissions  ",
          kg(plan.path("kgCo2e"))
              + " kgCO2e expected, "
              + kg(plan.path("runNowKgCo2e"))
              + " running now (the why says where)");
      if (plan.path("pieces").size() > 1) {
        line(out, width, "  pieces     ", pieces(plan.path("pieces")));
      }
      line(out, width, "  why        ", text(plan, "why"));
      line(out, width, "  forecast   ", text(plan, "forecastSource"));
    }
    if (job.path("ran").size() > 0) {
      line(out, width, "  ran        ", pieces(job.path("ran")));
    }
    out.println("decisions:");
    for (JsonNode decision : job.path("decisions")) {
      String event = text(decision, "event");
      String why = text(decision, "why");
      line(
          out,
          width,
          "  " + text(decision, "at") + "  ",
          saysWhat(why, event) ? why : String.format("%-10s %s", event, why));
    }
  }

  /** {@code text} after {@code first}, wrapped to {@code width} under its own start. */
  private static void line(PrintWriter out, int width, String first, String text) {
    WrappedText.hanging(text, width, first).forEach(out::println);
  }

  /** Whether {@code text} starts with {@code what} ("dispatched to pool" says "dispatched"). */
  private static boolean saysWhat(String text, String what) {
    return text.startsWith(what + " ");
  }
}
