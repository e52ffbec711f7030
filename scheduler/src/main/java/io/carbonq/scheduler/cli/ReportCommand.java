package io.carbonq.scheduler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.carbonq.scheduler.cli.Completions.IdKind;
import io.carbonq.scheduler.cli.Completions.KindWith;
import io.carbonq.scheduler.cli.TextTable.Column;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carbonq report}: what a finished job or sweep really cost, as a table or as the table a
 * paper takes (hardware, GPU-hours, wall time, kWh, PUE, region and grid zone, kgCO2e, trials),
 * with the GPUs' and the host's kWh each labelled measured, estimated or not counted, and the cost
 * where the pool states a price per GPU-hour.
 */
@Command(
    name = "report",
    description = {
      "Report what a finished job or sweep cost: energy (measured or estimated), kgCO2e with the"
          + " measured grid intensity, and the saving against starting at submission at its home"
          + " (without one, where it ran)."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {
  enum Format {
    table,
    wide,
    name,
    json,
    markdown,
    latex,
    codecarbon,
    impact
  }

  @Parameters(paramLabel = "ID", description = "a job id, or a sweep id with --sweep")
  @Completions.ServerIds(
      value = IdKind.jobs,
      kindWith = {
        @KindWith(flag = "--sweep", kind = IdKind.sweeps),
        @KindWith(flag = "--owner", kind = IdKind.none)
      })
  String id;

  @Option(
      names = "--sweep",
      description = "ID names a sweep: one row per finished trial and the total")
  boolean sweep;

  @Option(
      names = "--owner",
      description = "ID names an owner: one row per finished job and the total")
  boolean owner;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "table (fits the terminal), wide (every column, uncut), name (run ids only), json,"
              + " markdown, latex, codecarbon (CodeCarbon's emissions.csv columns) or impact (an"
              + " Impact Framework manifest that recomputes the figures) (default: ${DEFAULT-VALUE})")
  Format format;

  @Mixin ServerOption server;

  private final CliContext context;

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String path =
        (owner ? "/v1/owners/" : sweep ? "/v1/sweeps/" : "/v1/jobs/")
            + URLEncoder.encode(id, StandardCharsets.UTF_8)
            + "/report";
    JsonNode report = server.client(context).get(path);
    ArrayNode runs;
    if (many()) {
      runs = (ArrayNode) report.path("runs");
    } else {
      runs = JsonNodeFactory.instance.arrayNode().add(report);
    }
    PrintWriter out = context.out();
    switch (format) {
      case json -> out.println(report.toPrettyString());
      case name -> runs.forEach(run -> out.println(run.path("id").asText()));
      case markdown -> markdown(out, report, runs);
      case latex -> latex(out, report, runs);
      case codecarbon -> CodeCarbonCsv.print(out, many() ? id : "carbonq", runs);
      case impact -> Json.printYaml(out, ImpactManifest.of(id, runs));
      case table, wide -> table(out, report, runs, format == Format.wide);
    }
    return 0;
  }

  private boolean many() {
    return sweep || owner;
  }

  private static final String[] HEADERS = {
    "Run",
    "Hardware",
    "GPU-h",
    "Wall h",
    "kWh",
    "PUE",
    "Region (zone)",
    "kgCO2e",
    "Run now kgCO2e",
    "Saved",
    "Market kgCO2e",
    "SCI kgCO2e/run",
    "GPU kWh",
    "Host kWh",
    "Cost"
  };

  private static List<String> row(JsonNode run) {
    List<String> cells = new ArrayList<>();
    cells.add(run.path("id").asText());
    cells.add(run.path("gpus").asInt() + " × " + run.path("gpuModel").asText());
    cells.add(fixed(run.path("gpuHours"), 2));
    cells.add(fixed(run.path("wallHours"), 2));
    cells.add(
        fixed(run.path("energyKwh"), 2) + (run.path("energyMeasured").asBoolean() ? "" : "*"));
    cells.add(fixed(run.path("pue"), 2));
    cells.add(run.path("region").asText() + " (" + run.path("zone").asText() + ")");
    cells.add(fixed(run.path("kgCo2e"), 3));
    cells.add(fixed(run.path("runNowKgCo2e"), 3));
    cells.add(run.path("savingPct").isNull() ? "-" : fixed(run.path("savingPct"), 0) + "%");
    cells.add(fixed(run.path("marketBasedKgCo2e"), 3));
    cells.add(fixed(run.path("sci").path("kgCo2ePerRun"), 3));
    cells.add(labelled(run.path("gpuKwh"), run.path("gpuEnergy").asText()));
    cells.add(labelled(run.path("hostKwh"), run.path("hostEnergy").asText()));
    cells.add(money(run.path("cost"), run.path("currency")));
    return cells;
  }

  /**
   * {@code 38.40 (est.)}, {@code 0.42 (meas.)}, or {@code not counted}: what a figure stands on.
   */
  private static String labelled(JsonNode kwh, String label) {
    return switch (label) {
      case "measured" -> fixed(kwh, 2) + " (meas.)";
      case "estimated" -> fixed(kwh, 2) + " (est.)";
      case "not counted" -> "not counted";
      default -> fixed(kwh, 2);
    };
  }

  /** {@code 240.00 USD}, or {@code -} where no price is known. */
  private static String money(JsonNode amount, JsonNode currency) {
    return amount == null || amount.isNull() || amount.isMissingNode()
        ? "-"
        : fixed(amount, 2) + " " + currency.asText();
  }

  private static String fixed(JsonNode value, int decimals) {
    return value == null || value.isNull() || value.isMissingNode()
        ? "-"
        : String.format(Locale.ROOT, "%." + decimals + "f", value.asDouble());
  }

  private void table(PrintWriter out, JsonNode report, ArrayNode runs, boolean wide) {
    // At 80 columns: the run, its hardware, GPU-hours, energy, where, kgCO2e and the saving.
    TextTable table =
        new TextTable(
            Column.of("RUN").cut(12),
            Column.of("HARDWARE"),
            Column.of("GPU-H>"),
            Column.of("WALL H>").optional(3),
            Column.of("kWh>"),
            Column.of("PUE>").optional(4),
            Column.of("REGION (ZONE)").cut(16),
            Column.of("kgCO2e>"),
            Column.of("NOW kgCO2e>").optional(2),
            Column.of("SAVED>"),
            Column.of("MARKET kgCO2e>").optional(6),
            Column.of("SCI kgCO2e>").optional(5),
            Column.of("GPU kWh>").optional(7),
            Column.of("HOST kWh>").optional(7),
            Column.of("COST>").optional(6));
    runs.forEach(run -> table.add(row(run).toArray(String[]::new)));
    table.print(out, context.terminal().layout(wide));
    footer(out, report, runs, context.terminal().width(wide));
  }

  private void markdown(PrintWriter out, JsonNode report, ArrayNode runs) {
    out.println("| " + String.join(" | ", HEADERS) + " |");
    out.println("|" + "---|".repeat(HEADERS.length));
    runs.forEach(run -> out.println("| " + String.join(" | ", row(run)) + " |"));
    if (many()) {
      out.printf(
          "| **%s** | | %s | | %s | | | %s | %s | | %s | %s | | | %s |%n",
          Numbers.count(report.path("trials").asInt(), "run"),
          fixed(report.path("gpuHours"), 2),
          fixed(report.path("energyKwh"), 2),
          fixed(report.path("kgCo2e"), 3),
          fixed(report.path("runNowKgCo2e"), 3),
          fixed(report.path("marketBasedKgCo2e"), 3),
          fixed(report.path("sciKgCo2e"), 3),
          money(report.path("cost"), report.path("currency")));
    }
    out.println();
    footer(out, report, runs, Terminal.UNLIMITED);
  }

  private void latex(PrintWriter out, JsonNode report, ArrayNode runs) {
    out.println("\\begin{tabular}{llrrrrlrrrrrrrr}");
    out.println("\\hline");
    out.println(String.join(" & ", escape(List.of(HEADERS))) + " \\\\");
    out.println("\\hline");
    runs.forEach(run -> out.println(String.join(" & ", escape(row(run))) + " \\\\"));
    if (many()) {
      out.println("\\hline");
      out.printf(
          "%s & & %s & & %s & & & %s & %s & & %s & %s & & & %s \\\\%n",
          Numbers.count(report.path("trials").asInt(), "run"),
          fixed(report.path("gpuHours"), 2),
          fixed(report.path("energyKwh"), 2),
          fixed(report.path("kgCo2e"), 3),
          fixed(report.path("runNowKgCo2e"), 3),
          fixed(report.path("marketBasedKgCo2e"), 3),
          fixed(report.path("sciKgCo2e"), 3),
          escape(List.of(money(report.path("cost"), report.path("currency")))).get(0));
    }
    out.println("\\hline");
    out.println("\\end{tabular}");
    out.println();
    footer(out, report, runs, Terminal.UNLIMITED);
  }

  private static List<String> escape(List<String> cells) {
    return cells.stream()
        .map(
            cell ->
                cell.replace("\\", "\\textbackslash{}")
                    .replace("%", "\\%")
                    .replace("_", "\\_")
                    .replace("&", "\\&")
                    .replace("×", "$\\times$"))
        .toList();
  }

  /**
   * Where each run's "run now" started: {@code aws:us-east-1 (home)}, or {@code gcp:us-west2 (where
   * it ran; no home set)}, each place once.
   */
  private static String runNowPlaces(ArrayNode runs) {
    Set<String> places = new LinkedHashSet<>();
    for (JsonNode run : runs) {
      String basis = run.path("runNowBasis").asText();
      places.add(
          run.path("runNowIn").asText()
              + (basis.equals("home")
                  ? " (home)"
                  : " (" + basis.replace('-', ' ') + "; no home set)"));
    }
    return String.join(", ", places);
  }

  private static boolean hostNotCounted(ArrayNode runs) {
    for (JsonNode run : runs) {
      if (run.path("hostEnergy").asText().equals("not counted")) {
        return true;
      }
    }
    return false;
  }

  /** What the kgCO2e column is: location-based, marginal, or both across the runs. */
  private static String basis(JsonNode report, JsonNode first) {
    String signal =
        report.path("intensitySignal").isTextual()
            ? report.path("intensitySignal").asText()
            : first.path("intensitySignal").asText("average");
    return switch (signal) {
      case "marginal" -> "kgCO2e is marginal (the source's MOER), not location-based";
      case "mixed" ->
          "kgCO2e is location-based for some runs and marginal for others (intensitySignal in -o"
              + " json), so no total is given";
      default -> "kgCO2e is location-based (GHG Protocol scope 2)";
    };
  }

  /** The notes under a table, wrapped to {@code width}. */
  private void footer(PrintWriter out, JsonNode report, ArrayNode runs, int width) {
    boolean estimated = false;
    for (JsonNode run : runs) {
      estimated |= !run.path("energyMeasured").asBoolean();
    }
    List<String> notes = new ArrayList<>();
    if (estimated) {
      notes.add("* energy estimated from rated GPU power (no meter saw the run)");
    }
    if (hostNotCounted(runs)) {
      notes.add(
          "host not counted: kWh is the GPUs' alone where no meter measured the host and the pool"
              + " states no nodeType or hostWattsPerGpu");
    }
    JsonNode first = runs.get(0);
    notes.add(
        String.format(
            "energy: %s; intensity: %s; \"run now\": the same energy profile started at"
                + " submission in %s",
            first.path("energySource").asText(),
            first.path("intensitySource").asText(),
            runNowPlaces(runs)));
    notes.add(
        basis(report, first)
            + "; market: "
            + first.path("marketBasis").asText()
            + "; SCI ("
            + first.path("sci").path("method").asText()
            + "), R = "
            + first.path("sci").path("functionalUnit").asText()
            + ", M: "
            + first.path("sci").path("embodiedBasis").asText());
    if (many()) {
      notes.add(
          String.format(
              "%s %s: %s, %s kgCO2e, %s kgCO2e saved%s",
              owner ? "owner" : "sweep",
              id,
              Numbers.count(report.path("trials").asInt(), "run"),
              fixed(report.path("kgCo2e"), 3),
              fixed(report.path("savedKgCo2e"), 3),
              report.path("cost").isNumber()
                  ? ", cost " + money(report.path("cost"), report.path("currency"))
                  : ""));
    }
    notes.forEach(note -> WrappedText.lines(note, width, "", "  ").forEach(out::println));
  }
}
