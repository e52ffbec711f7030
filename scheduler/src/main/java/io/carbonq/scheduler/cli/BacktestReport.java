package io.carbonq.scheduler.cli;

import io.carbonq.scheduler.backtest.Backtest;
import io.carbonq.scheduler.backtest.BacktestWorld;
import io.carbonq.scheduler.backtest.History;
import io.carbonq.scheduler.backtest.HistoryJob;
import io.carbonq.scheduler.backtest.JobFlexibility;
import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A backtest's result as text, a document (JSON or YAML), a Markdown report and a per-job CSV. */
final class BacktestReport {
  private final History read;
  private final History kept;
  private final Backtest backtest;
  private final double watts;
  private final List<String> inputNotes;

  BacktestReport(
      History read, History kept, Backtest backtest, double watts, List<String> inputNotes) {
    this.read = read;
    this.kept = kept;
    this.backtest = backtest;
    this.watts = watts;
    this.inputNotes = List.copyOf(inputNotes);
  }

  /** What was replayed and on what: the lines above the table. */
  List<String> header() {
    Scenario world = backtest.world().scenario();
    List<String> lines = new ArrayList<>();
    Instant first = kept.jobs().stream().map(HistoryJob::submit).min(Instant::compareTo).get();
    Instant last = kept.jobs().stream().map(HistoryJob::submit).max(Instant::compareTo).get();
    lines.add(
        String.format(
            Locale.ROOT,
            "Backtest of %s (%s): %s submitted %s to %s",
            read.source(),
            read.format(),
            Numbers.count(kept.jobs().size(), "GPU job"),
            Numbers.utc(first),
            Numbers.utc(last)));
    if (kept.jobs().size() < read.jobs().size()) {
      lines.add(
          Numbers.count(read.jobs().size() - kept.jobs().size(), "other GPU job")
              + " submitted outside --from/--to");
    }
    if (!read.skipped().isEmpty()) {
      lines.add(
          "Rows not replayed: "
              + read.skippedByReason().entrySet().stream()
                  .map(entry -> entry.getKey() + " " + entry.getValue())
                  .collect(Collectors.joining(", "))
              + " (-o json lists each)");
    }
    List<String> pools = new ArrayList<>();
    int[] capacities = world.capacities();
    for (int r = 0; r < world.regions().size(); r++) {
      pools.add(
          String.format(
              Locale.ROOT,
              "%s %s in %s",
              world.regions().get(r).name(),
              Numbers.count(capacities[r], "GPU"),
              world.regions().get(r).zone()));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "Pools: %s; PUE %s; every GPU draws %.0f W while it runs",
            String.join(", ", pools),
            world.regions().stream()
                .map(region -> Numbers.fixed(region.pue(), 2))
                .distinct()
                .collect(Collectors.joining("/")),
            watts));
    Map<String, Integer> rules = backtest.world().deadlineRules();
    long interruptible =
        backtest.world().flexibility().values().stream()
            .filter(JobFlexibility::interruptible)
            .count();
    long mobile =
        backtest.world().flexibility().values().stream().filter(JobFlexibility::mobile).count();
    lines.add(
        "Deadlines by "
            + rules.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", "))
            + "; "
            + interruptible
            + " may pause, "
            + mobile
            + " may move");
    lines.add("Forecasts " + world.forecastMode() + ", seed " + world.seed());
    lines.addAll(backtest.world().notes());
    lines.addAll(inputNotes);
    return lines;
  }

  void printText(PrintWriter out, Terminal terminal, boolean wide) {
    for (String line : header()) {
      WrappedText.lines(line, terminal.width(wide), "", "  ").forEach(out::println);
    }
    out.println();
    table().print(out, terminal.layout(wide));
  }

  /**
   * One row per policy and limit. At 80 columns: emissions, saved against AS-RUN, mean and p95 wait
   * and missed deadlines; the rest as room allows.
   */
  TextTable table() {
    TextTable table =
        new TextTable(
            Column.of("POLICY"),
            Column.of("kgCO2e>"),
            Column.of("SAVED>"),
            Column.of("vs B0>").optional(4),
            Column.of("MEAN WAIT h>"),
            Column.of("P95 WAIT h>").optional(2),
            Column.of("MISSED>"),
            Column.of("κ>")
                .optional(
                    backtest.comparison().capacityAwareLimitKg().isPresent() ? 3 : Column.WIDE),
            Column.of("GPU-h>").optional(5),
            Column.of("RESUMES/JOB>").optional(6),
            Column.of("MOVES/JOB>").optional(6));
    Comparison comparison = backtest.comparison();
    List<SimulationResult> results = backtest.results();
    List<List<String>> shared = summaryRows();
    for (int i = 0; i < results.size(); i++) {
      SimulationResult result = results.get(i);
      double ratio = comparison.ownCaptureRatio(result);
      // The reports' cells, with κ before GPU-hours and pausing and moving after them.
      List<String> cells = new ArrayList<>(shared.get(i));
      cells.add(cells.size() - 1, Double.isNaN(ratio) ? "-" : Numbers.fixed(ratio, 2));
      cells.add(Numbers.fixed(result.resumesPerJob(), 2));
      cells.add(Numbers.fixed(result.migrationsPerJob(), 2));
      table.add(cells.toArray(String[]::new));
    }
    limits()
        .forEach(
            (id, kg) -> {
              String[] cells = new String[table.columns()];
              java.util.Arrays.fill(cells, "-");
              cells[0] = id;
              cells[1] = Numbers.fixed(kg, 1);
              cells[2] = signedPct(backtest.savedPct(kg));
              cells[3] = signedPct(comparison.reductionPct(kg));
              table.add(cells);
            });
    return table;
  }

  /** The oracles that ran: O1 (each job alone) and O2 (the capacity-aware limit), in kgCO2e. */
  private Map<String, Double> limits() {
    Map<String, Double> limits = new LinkedHashMap<>();
    backtest.comparison().perJobOracleKg().ifPresent(kg -> limits.put("O1", kg));
    backtest.comparison().capacityAwareLimitKg().ifPresent(kg -> limits.put("O2", kg));
    return limits;
  }

  private static String signedPct(double pct) {
    return Numbers.fixed(pct, 1) + "%";
  }

  Map<String, Object> document() {
    Scenario world = backtest.world().scenario();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("history", read.source());
    out.put("format", read.format());
    out.put("jobs", kept.jobs().size());
    out.put(
        "firstSubmitted",
        kept.jobs().stream().map(HistoryJob::submit).min(Instant::compareTo).get().toString());
    out.put(
        "lastSubmitted",
        kept.jobs().stream().map(HistoryJob::submit).max(Instant::compareTo).get().toString());
    out.put("outsideFromTo", read.jobs().size() - kept.jobs().size());
    out.put("skippedByReason", read.skippedByReason());
    out.put(
        "skipped",
        read.skipped().stream()
            .map(
                row -> Map.of("where", row.where(), "reason", row.reason(), "detail", row.detail()))
            .toList());
    List<Map<String, Object>> pools = new ArrayList<>();
    int[] capacities = world.capacities();
    for (int r = 0; r < world.regions().size(); r++) {
      Map<String, Object> pool = new LinkedHashMap<>();
      pool.put("name", world.regions().get(r).name());
      pool.put("zone", world.regions().get(r).zone());
      pool.put("pue", world.regions().get(r).pue());
      pool.put("gpus", capacities[r]);
      pool.put(
          "recordedPeakGpus", backtest.world().recordedPeaks().get(world.regions().get(r).name()));
      pools.add(pool);
    }
    out.put("pools", pools);
    out.put("gpuWatts", watts);
    out.put("deadlineRules", backtest.world().deadlineRules());
    out.put("forecast", world.forecastMode().toString());
    out.put("seed", world.seed());
    List<String> notes = new ArrayList<>(backtest.world().notes());
    notes.addAll(inputNotes);
    out.put("notes", notes);
    Comparison comparison = backtest.comparison();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SimulationResult result : backtest.results()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", result.policy());
      row.put("kgCo2e", Numbers.round(result.kgCo2e(), 3));
      row.put("savedPct", Numbers.round(backtest.savedPct(result.kgCo2e()), 3));
      row.put("reductionVsB0Pct", Numbers.round(comparison.reductionPct(result.kgCo2e()), 3));
      double ratio = comparison.ownCaptureRatio(result);
      row.put("captureRatio", Double.isNaN(ratio) ? null : Numbers.round(ratio, 4));
      row.put("meanWaitHours", Numbers.round(result.meanWaitHours(), 3));
      row.put("p95WaitHours", Numbers.round(result.p95WaitHours(), 3));
      row.put("deadlineMisses", result.deadlineMisses());
      row.put("deadlineMissPct", Numbers.round(result.deadlineMissPct(), 3));
      row.put("completedGpuHours", Numbers.round(result.completedGpuHours(), 2));
      row.put("kwh", Numbers.round(result.kwh(), 2));
      row.put("resumesPerJob", Numbers.round(result.resumesPerJob(), 3));
      row.put("migrationsPerJob", Numbers.round(result.migrationsPerJob(), 3));
      rows.add(row);
    }
    limits()
        .forEach(
            (id, kg) -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("id", id);
              row.put("kgCo2e", Numbers.round(kg, 3));
              row.put("savedPct", Numbers.round(backtest.savedPct(kg), 3));
              row.put("reductionVsB0Pct", Numbers.round(comparison.reductionPct(kg), 3));
              rows.add(row);
            });
    out.put("policies", rows);
    return out;
  }

  void writeMarkdown(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add("# Backtest of " + read.source());
    lines.add("");
    header().stream()
        .map(line -> line.replace(" (-o json lists each)", ""))
        .forEach(line -> lines.add("- " + line));
    lines.add("");
    lines.add(
        "| Policy | kgCO2e | Saved vs AS-RUN | vs B0 | Mean wait h | P95 wait h | Missed | GPU-h |");
    lines.add("|---|---:|---:|---:|---:|---:|---:|---:|");
    Comparison comparison = backtest.comparison();
    summaryRows().forEach(cells -> lines.add("| " + String.join(" | ", cells) + " |"));
    limits()
        .forEach(
            (id, kg) ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "| %s (limit) | %.1f | %.1f%% | %.1f%% | | | | |",
                        id,
                        kg,
                        backtest.savedPct(kg),
                        comparison.reductionPct(kg))));
    lines.add("");
    lines.add(
        "AS-RUN starts each job when the history says it started; every other policy decides"
            + " when and where, within each job's deadline. Savings are against AS-RUN.");
    OutputFiles.write(file, lines);
  }

  /**
   * A self-contained HTML page: the header, the table, and the chart of every policy against AS-RUN
   * with a week of the busiest pool (its intensity, and the GPUs running there as they ran and
   * under carbonq).
   */
  void writeHtml(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add("<!DOCTYPE html>");
    lines.add("<html lang=\"en\"><head><meta charset=\"utf-8\">");
    lines.add("<title>" + html("Backtest of " + read.source()) + "</title>");
    lines.add(
        "<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0"
            + " 1em}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}tr:nth-child(even){background:#f3f3f3}"
            + "</style></head><body>");
    lines.add("<h1>" + html("Backtest of " + read.source()) + "</h1>");
    lines.add("<ul>");
    header().stream()
        .map(line -> line.replace(" (-o json lists each)", ""))
        .forEach(line -> lines.add("<li>" + html(line) + "</li>"));
    lines.add("</ul>");
    lines.add("<table>");
    lines.add(
        "<tr><th>Policy</th><th>kgCO2e</th><th>Saved vs AS-RUN</th><th>vs B0</th><th>Mean wait"
            + " h</th><th>P95 wait h</th><th>Missed</th><th>GPU-h</th></tr>");
    summaryRows()
        .forEach(
            cells ->
                lines.add(
                    "<tr>"
                        + cells.stream()
                            .map(cell -> "<td>" + html(cell) + "</td>")
                            .collect(Collectors.joining())
                        + "</tr>"));
    lines.add("</table>");
    lines.add(
        "<p>AS-RUN starts each job when the history says it started; every other policy decides"
            + " when and where, within each job's deadline. Savings are against AS-RUN.</p>");
    lines.add(
        io.carbonq.scheduler.cli.chart.ComparisonChart.svg(againstAsRun(), busiestPool())
            .replaceFirst("^<\\?xml[^>]*>\\s*", ""));
    lines.add("</body></html>");
    OutputFiles.write(file, lines);
  }

  /**
   * The reports' rows, one per policy: emissions, saved against AS-RUN and B0, mean and p95 wait,
   * missed deadlines and GPU-hours.
   */
  private List<List<String>> summaryRows() {
    Comparison comparison = backtest.comparison();
    List<List<String>> rows = new ArrayList<>();
    for (SimulationResult result : backtest.results()) {
      rows.add(
          List.of(
              result.policy(),
              Numbers.fixed(result.kgCo2e(), 1),
              signedPct(backtest.savedPct(result.kgCo2e())),
              signedPct(comparison.reductionPct(result.kgCo2e())),
              Numbers.fixed(result.meanWaitHours(), 2),
              Numbers.fixed(result.p95WaitHours(), 2),
              result.deadlineMisses() + " (" + Numbers.fixed(result.deadlineMissPct(), 1) + "%)",
              Numbers.fixed(result.completedGpuHours(), 1)));
    }
    return rows;
  }

  /** The comparison with AS-RUN as the baseline every figure of the chart is against. */
  private Comparison againstAsRun() {
    Comparison comparison = backtest.comparison();
    return new Comparison(
        backtest.world().scenario(),
        backtest.results(),
        comparison.perJobOracleKg(),
        comparison.capacityAwareLimitKg(),
        java.util.OptionalDouble.empty(),
        comparison.ownLimitKg(),
        comparison.estimates());
  }

  /** The pool that ran the most GPU-hours as the history ran. */
  private int busiestPool() {
    double[] hours = new double[backtest.world().scenario().regions().size()];
    for (JobRun run : backtest.asRun().runs()) {
      if (run.region() >= 0) {
        hours[run.region()] += run.actual().gpus() * run.actual().duration().toSeconds() / 3600.0;
      }
    }
    int busiest = 0;
    for (int r = 1; r < hours.length; r++) {
      busiest = hours[r] > hours[busiest] ? r : busiest;
    }
    return busiest;
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Every job of every policy: the history's id beside carbonq's, and the rule it got. */
  void writeLog(Path file) {
    BacktestWorld world = backtest.world();
    List<String> lines = new ArrayList<>();
    lines.add(
        "policy,job,history_id,group,user,gpus,pool,submitted,deadline,deadline_rule,interruptible,"
            + "mobile,first_start,end,resumes,kwh,kg_co2e,met_deadline");
    for (SimulationResult result : backtest.results()) {
      for (JobRun run : result.runs()) {
        String id = run.workload().id();
        HistoryJob job = world.jobs().get(id);
        JobFlexibility freedom = world.flexibility().get(id);
        String pool = run.region() < 0 ? "" : world.scenario().regions().get(run.region()).name();
        lines.add(
            String.join(
                ",",
                result.policy(),
                id,
                OutputFiles.csvCell(job.id()),
                OutputFiles.csvCell(job.group()),
                OutputFiles.csvCell(job.user()),
                String.valueOf(job.gpus()),
                pool,
                job.submit().toString(),
                run.actual().deadline().toString(),
                OutputFiles.csvCell(freedom.deadlineRule()),
                String.valueOf(freedom.interruptible()),
                String.valueOf(freedom.mobile()),
                run.started() ? run.firstStart().toString() : "",
                run.finished() ? run.end().toString() : "",
                String.valueOf(run.resumes()),
                String.valueOf(run.kwh()),
                String.valueOf(run.kgCo2e()),
                String.valueOf(run.finished() && !run.end().isAfter(run.actual().deadline()))));
      }
    }
    OutputFiles.write(file, lines);
  }
}
