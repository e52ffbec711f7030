package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.DurationText;
import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.demo.Demo;
import io.carbonq.scheduler.demo.DemoReport;
import io.carbonq.scheduler.demo.RunOutcome;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.planning.Decision;
import io.carbonq.scheduler.planning.Deferred;
import io.carbonq.scheduler.planning.Placed;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbonq demo}: plan a lab's queue on the embedded default and replay it. */
@Command(
    name = "demo",
    description = {
      "Plan a realistic queue (a 16-trial sweep, long training runs, an urgent job) on the embedded"
          + " configuration and bundled grid traces, then replay it against measured intensity and"
          + " compare with running every job at once in its home region. No cluster, key or network."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--now",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "the moment to plan at (default: 2023-03-13T08:00Z, inside the bundled traces)")
  Instant now = Demo.DEFAULT_NOW;

  @Option(
      names = "--submit",
      description =
          "send the demo's jobs and sweep to a running `carbonq serve` instead (see --server),"
              + " to see them in its dashboard; sending them again queues nothing twice")
  boolean submit;

  @Mixin OutputOption output;

  @Mixin ConfigOption config;

  @Mixin ServerOption server;

  private final CliContext context;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (submit) {
      DemoSubmission.submit(server.client(context), now, context.out());
      return 0;
    }
    CarbonqConfig configuration = config.load();
    Fleet fleet = new Fleet(configuration);
    DemoReport report = new Demo(fleet, context.forecastSources(configuration).chain()).run(now);
    if (output.document()) {
      output.print(context.out(), json(report));
    } else if (output.name()) {
      report.plan().decisions().forEach(d -> context.out().println(d.workload().id()));
    } else {
      printText(context.out(), report, context.terminal(), output.wide());
    }
    return 0;
  }

  private static void printText(
      PrintWriter out, DemoReport report, Terminal terminal, boolean wide) {
    int width = terminal.width(wide);
    WrappedText.lines(
            String.format(
                "Planning %d queued jobs at %s; forecasts: the bundled grid traces, which forecast"
                    + " perfectly, so planned equals realised",
                report.jobs(), Numbers.utc(report.now())),
            width,
            "",
            "")
        .forEach(out::println);
    out.println();
    Map<String, RunOutcome> outcomes = byWorkload(report);
    // At 80 columns: who, what, where, how long it waits, what it emits and saves.
    TextTable table =
        new TextTable(
            Column.of("JOB").cut(14),
            Column.of("GPUS"),
            Column.of("REGION"),
            Column.of("POOL").wide(),
            Column.of("START").optional(2),
            Column.of("WAIT>"),
            Column.of("kgCO2e>"),
            Column.of("NOW kgCO2e>").optional(3),
            Column.of("SAVED>"));
    for (Decision decision : report.plan().decisions()) {
      if (decision instanceof Placed placed) {
        RunOutcome outcome = outcomes.get(placed.workload().id());
        table.add(
            placed.workload().id(),
            placed.workload().gpus() + "×" + placed.pool().gpuModel(),
            placed.pool().region().name(),
            placed.pool().name(),
            Numbers.utc(placed.start()),
            DurationText.format(placed.wait(report.now())),
            kg(placed.expectedKgCo2e()),
            Numbers.fixed(outcome.runNowKgCo2e(), 2),
            placed.savingFraction().isPresent()
                ? Numbers.percent(placed.savingFraction().getAsDouble())
                : "-");
      } else {
        table.add(
            decision.workload().id(),
            decision.workload().gpus() + "",
            "-",
            "-",
            "not placed",
            "-",
            "-",
            "-",
            "-");
      }
    }
    table.print(out, terminal.layout(wide));
    out.println();
    out.println("Why:");
    for (Decision decision : report.plan().decisions()) {
      WrappedText.hanging(
              decision.why(), width, String.format("  %-20s ", decision.workload().id()))
          .forEach(out::println);
    }
    out.println();
    double saved = report.runNowKgCo2e() - report.realisedKgCo2e();
    WrappedText.lines(
            String.format(
                "Replayed virtual time to %s with measured intensity (%s, %s GPU-hours):",
                report.completedAt().map(Numbers::utc).orElse("-"),
                Numbers.count(report.outcomes().size(), "run"),
                Numbers.fixed(report.gpuHours(), 0)),
            width,
            "",
            "  ")
        .forEach(out::println);
    out.printf(
        "  planned    %8s kgCO2e  (expected by the plan)%n",
        Numbers.fixed(report.plannedKgCo2e(), 1));
    out.printf(
        "  realised   %8s kgCO2e  (energy × measured intensity × PUE)%n",
        Numbers.fixed(report.realisedKgCo2e(), 1));
    out.printf(
        "  run now    %8s kgCO2e  (every job at once in its home region)%n",
        Numbers.fixed(report.runNowKgCo2e(), 1));
    out.printf(
        "  saved      %8s kgCO2e  (%s)%n",
        Numbers.fixed(saved, 1), Numbers.percent(saved / report.runNowKgCo2e()));
    out.printf("  deadlines  %8d missed%n", report.deadlineMisses());
    report
        .zonesWithoutForecast()
        .forEach(
            (zone, why) ->
                WrappedText.lines("no forecast for " + zone + ": " + why, width, "  ", "    ")
                    .forEach(out::println));
  }

  private static String kg(OptionalDouble kg) {
    return kg.isPresent() ? Numbers.fixed(kg.getAsDouble(), 2) : "n/a";
  }

  private static Map<String, RunOutcome> byWorkload(DemoReport report) {
    Map<String, RunOutcome> outcomes = new HashMap<>();
    report.outcomes().forEach(o -> outcomes.put(o.placed().workload().id(), o));
    return outcomes;
  }

  private static Map<String, Object> json(DemoReport report) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("now", report.now().toString());
    out.put("jobs", report.jobs());
    out.put("placed", report.plan().placed().size());
    out.put("deferred", report.deferred().size());
    out.put("plannedKgCo2e", Numbers.round(report.plannedKgCo2e(), 3));
    out.put("realisedKgCo2e", Numbers.round(report.realisedKgCo2e(), 3));
    out.put("runNowKgCo2e", Numbers.round(report.runNowKgCo2e(), 3));
    double saved = report.runNowKgCo2e() - report.realisedKgCo2e();
    out.put("savedKgCo2e", Numbers.round(saved, 3));
    out.put("savingPct", Numbers.round(100 * saved / report.runNowKgCo2e(), 2));
    out.put("deadlineMisses", report.deadlineMisses());
    out.put("gpuHours", Numbers.round(report.gpuHours(), 2));
    out.put("completedAt", report.completedAt().map(Instant::toString).orElse(null));
    Map<String, RunOutcome> outcomes = byWorkload(report);
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (Decision decision : report.plan().decisions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("job", decision.workload().id());
      row.put("owner", decision.workload().owner());
      row.put("gpus", decision.workload().gpus());
      if (decision instanceof Placed placed) {
        RunOutcome outcome = outcomes.get(placed.workload().id());
        row.put("status", "placed");
        row.put("basis", placed.basis().name());
        row.put("pool", placed.pool().name());
        row.put("region", placed.pool().region().name());
        row.put("zone", placed.pool().region().zone());
        row.put("gpuModel", placed.pool().gpuModel());
        row.put("start", placed.start().toString());
        row.put("end", placed.end().toString());
        row.put("waitMinutes", placed.wait(report.now()).toMinutes());
        row.put("energyKwh", Numbers.round(placed.energyKwh(), 3));
        row.put(
            "expectedKgCo2e",
            placed.expectedKgCo2e().isPresent()
                ? Numbers.round(placed.expectedKgCo2e().getAsDouble(), 3)
                : null);
        row.put("realisedKgCo2e", Numbers.round(outcome.realisedKgCo2e(), 3));
        row.put("runNowKgCo2e", Numbers.round(outcome.runNowKgCo2e(), 3));
        row.put("meetsDeadline", placed.meetsDeadline());
      } else if (decision instanceof Deferred deferred) {
        row.put("status", "deferred");
        row.put("reason", deferred.reason().name());
      }
      row.put("why", decision.why());
      decisions.add(row);
    }
    out.put("decisions", decisions);
    return out;
  }
}
