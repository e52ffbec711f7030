package io.carbonq.scheduler.cli;

import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.simulation.ClassBreakdown;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.HardMissHolders;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.SimulationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code carbonq simulate --scenario main} shows of a comparison: the table of policies and
 * limits, its JSON, the by-class breakdown and the per-run log.
 */
final class ComparisonReport {
  private ComparisonReport() {}

  static TextTable classTable(List<ClassBreakdown> classes) {
    TextTable table =
        new TextTable(
            Column.of("POLICY"),
            Column.of("CLASS"),
            Column.of("JOBS>"),
            Column.of("kgCO2e>"),
            Column.of("O1 kgCO2e>").optional(2),
            Column.of("ABOVE O1>"),
            Column.of("RESUMES>").optional(3),
            Column.of("MISSED>"));
    for (ClassBreakdown row : classes) {
      // A sliver below O1 (work run late, past its window) reads as 0.0, not -0.0.
      String above = Numbers.fixed(row.aboveOracleKg(), 1);
      table.add(
          row.policy(),
          row.jobClass(),
          String.valueOf(row.jobs()),
          Numbers.fixed(row.kgCo2e(), 1),
          Numbers.fixed(row.perJobOracleKg(), 1),
          above.equals("-0.0") ? "0.0" : above,
          String.valueOf(row.resumes()),
          String.valueOf(row.deadlineMisses()));
    }
    return table;
  }

  /** One row per policy and kind of holder that held any GPUs. */
  static TextTable holdersTable(List<HardMissHolders> holders) {
    TextTable table =
        new TextTable(
            Column.of("POLICY"),
            Column.of("HARD MISSED>"),
            Column.of("POOL GPUs>"),
            Column.of("HELD BY"),
            Column.of("GPUs>"));
    for (HardMissHolders row : holders) {
      row.meanGpus()
          .forEach(
              (kind, gpus) -> {
                if (gpus > 0) {
                  table.add(
                      row.policy(),
                      String.valueOf(row.hardMisses()),
                      Numbers.fixed(row.meanPoolGpus(), 1),
                      kind,
                      Numbers.fixed(gpus, 2));
                }
              });
    }
    return table;
  }

  static Map<String, Object> holdersJson(HardMissHolders row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("policy", row.policy());
    out.put("hardMisses", row.hardMisses());
    out.put("meanPoolGpus", Numbers.round(row.meanPoolGpus(), 3));
    Map<String, Object> gpus = new LinkedHashMap<>();
    row.meanGpus().forEach((kind, mean) -> gpus.put(kind, Numbers.round(mean, 3)));
    out.put("meanGpusHeldBy", gpus);
    return out;
  }

  static Map<String, Object> classJson(ClassBreakdown row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("policy", row.policy());
    out.put("class", row.jobClass());
    out.put("jobs", row.jobs());
    out.put("kgCo2e", Numbers.round(row.kgCo2e(), 3));
    out.put("perJobOracleKgCo2e", Numbers.round(row.perJobOracleKg(), 3));
    out.put("aboveOracleKgCo2e", Numbers.round(row.aboveOracleKg(), 3));
    out.put("resumes", row.resumes());
    out.put("deadlineMisses", row.deadlineMisses());
    return out;
  }

  static void printMain(
      PrintWriter out,
      Comparison comparison,
      String pools,
      TextTable table,
      Terminal terminal,
      boolean wide) {
    Scenario world = comparison.scenario();
    WrappedText.lines(
            String.format(
                "Scenario main: %d workloads, %s, forecast %s, seed %d%s",
                world.workloads().size(),
                String.join(" ", world.regions().stream().map(r -> r.zone()).toList()),
                world.forecastMode(),
                world.seed(),
                comparison.estimates().exact()
                    ? ""
                    : String.format(
                        ", run-time estimates within ±%.0f %%",
                        100 * comparison.estimates().error())),
            terminal.width(wide),
            "",
            "  ")
        .forEach(out::println);
    WrappedText.lines(pools, terminal.width(wide), "", "  ").forEach(out::println);
    out.println();
    table.print(out, terminal.layout(wide));
  }

  /**
   * One row per policy and per limit. At 80 columns: emissions, reduction, missed deadlines, mean
   * wait, capture ratio, utilisation and hard misses; the rest as room allows.
   */
  static TextTable mainTable(Comparison comparison) {
    TextTable table =
        new TextTable(
            Column.of("POLICY"),
            Column.of("kgCO2e>"),
            Column.of("REDUCTION>"),
            Column.of("κ>").optional(3),
            Column.of("κ STRICT>").optional(6),
            Column.of("κ vs O1>").optional(6),
            Column.of("MISSED>"),
            Column.of("HARD MISSED>").optional(5),
            Column.of("MEAN WAIT h>").optional(2),
            Column.of("P95 WAIT h>").optional(7),
            Column.of("UTIL>").optional(4),
            Column.of("GPU-h DONE>").optional(8),
            Column.of("RESUMES/JOB>").optional(9),
            Column.of("MOVES/JOB>").optional(9));
    double oracle = comparison.perJobOracleKg().orElse(Double.NaN);
    double limit = comparison.capacityAwareLimitKg().orElse(Double.NaN);
    for (SimulationResult result : comparison.results()) {
      table.add(
          result.policy(),
          Numbers.fixed(result.kgCo2e(), 1),
          Numbers.fixed(comparison.reductionPct(result.kgCo2e()), 2) + "%",
          ratio(comparison.ownCaptureRatio(result)),
          ratio(comparison, result.kgCo2e(), limit),
          ratio(comparison, result.kgCo2e(), oracle),
          Numbers.fixed(result.deadlineMissPct(), 2) + "%",
          String.valueOf(result.hardDeadlineMisses()),
          Numbers.fixed(result.meanWaitHours(), 2),
          Numbers.fixed(result.p95WaitHours(), 2),
          Numbers.fixed(100 * result.utilisation(), 1) + "%",
          Numbers.fixed(result.completedGpuHours(), 1),
          Numbers.fixed(result.resumesPerJob(), 2),
          Numbers.fixed(result.migrationsPerJob(), 2));
    }
    limitRow(table, comparison, "O1", oracle);
    limitRow(table, comparison, "O2", limit);
    limitRow(table, comparison, "O3", comparison.exactOptimumKg().orElse(Double.NaN));
    return table;
  }

  static String ratio(Comparison comparison, double kg, double limit) {
    return Double.isNaN(limit) ? "-" : ratio(comparison.captureRatio(kg, limit));
  }

  static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "-" : Numbers.fixed(ratio, 3);
  }

  static void limitRow(TextTable table, Comparison comparison, String id, double kg) {
    if (!Double.isNaN(kg)) {
      String[] cells = new String[table.columns()];
      Arrays.fill(cells, "-");
      cells[0] = id;
      cells[1] = Numbers.fixed(kg, 1);
      cells[2] = Numbers.fixed(comparison.reductionPct(kg), 2) + "%";
      table.add(cells);
    }
  }

  static Map<String, Object> mainJson(Comparison comparison) {
    Scenario world = comparison.scenario();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", "main");
    out.put("forecast", world.forecastMode().toString());
    out.put("seed", world.seed());
    if (!comparison.estimates().exact()) {
      out.put("durationError", comparison.estimates().error());
    }
    out.put("workloads", world.workloads().size());
    out.put("zones", world.regions().stream().map(r -> r.zone()).toList());
    out.put("capacities", world.capacities());
    out.put("offeredLoad", Numbers.round(world.offeredLoad(), 4));
    double oracle = comparison.perJobOracleKg().orElse(Double.NaN);
    double limit = comparison.capacityAwareLimitKg().orElse(Double.NaN);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SimulationResult result : comparison.results()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", result.policy());
      row.put("kgCo2e", Numbers.round(result.kgCo2e(), 3));
      row.put("reductionPct", Numbers.round(comparison.reductionPct(result.kgCo2e()), 3));
      double own = comparison.ownCaptureRatio(result);
      row.put("captureRatio", Double.isNaN(own) ? null : Numbers.round(own, 4));
      row.put(
          "ownLimitKgCo2e",
          comparison.ownLimitKg().containsKey(result.policy())
              ? Numbers.round(comparison.ownLimitKg().get(result.policy()), 3)
              : null);
      row.put("captureRatioStrictO2", jsonRatio(comparison, result.kgCo2e(), limit));
      row.put("captureRatioO1", jsonRatio(comparison, result.kgCo2e(), oracle));
      row.put("deadlineMisses", result.deadlineMisses());
      row.put("deadlineMissPct", Numbers.round(result.deadlineMissPct(), 3));
      row.put("hardDeadlineMisses", result.hardDeadlineMisses());
      row.put("meanWaitHours", Numbers.round(result.meanWaitHours(), 3));
      row.put("p95WaitHours", Numbers.round(result.p95WaitHours(), 3));
      row.put("utilisation", Numbers.round(result.utilisation(), 4));
      row.put("completedGpuHours", Numbers.round(result.completedGpuHours(), 2));
      row.put("resumesPerJob", Numbers.round(result.resumesPerJob(), 3));
      row.put("migrationsPerJob", Numbers.round(result.migrationsPerJob(), 3));
      rows.add(row);
    }
    double optimum = comparison.exactOptimumKg().orElse(Double.NaN);
    for (String id : List.of("O1", "O2", "O3")) {
      double kg = id.equals("O1") ? oracle : id.equals("O2") ? limit : optimum;
      if (!Double.isNaN(kg)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("kgCo2e", Numbers.round(kg, 3));
        row.put("reductionPct", Numbers.round(comparison.reductionPct(kg), 3));
        rows.add(row);
      }
    }
    out.put("policies", rows);
    return out;
  }

  static Double jsonRatio(Comparison comparison, double kg, double limit) {
    return Double.isNaN(limit) ? null : Numbers.round(comparison.captureRatio(kg, limit), 4);
  }

  static void writeLog(Comparison comparison, Path file) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "policy,job,gpus,region,arrival,deadline,first_start,end,resumes,kwh,kg_co2e,met_deadline");
    for (SimulationResult result : comparison.results()) {
      for (JobRun run : result.runs()) {
        String region =
            run.region() < 0 ? "" : comparison.scenario().regions().get(run.region()).name();
        lines.add(
            String.join(
                ",",
                result.policy(),
                run.workload().id(),
                String.valueOf(run.workload().gpus()),
                region,
                run.workload().earliestStart().toString(),
                run.actual().deadline().toString(),
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
