package io.carbonq.scheduler.cli;

import io.carbonq.forecasts.trace.Entsoe2020Traces;
import io.carbonq.scheduler.simulation.parity.MlParity;
import io.carbonq.scheduler.simulation.parity.NightlyParity;
import io.carbonq.scheduler.simulation.parity.Published;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code carbonq simulate}: carbonq's savings measured in a deterministic simulator. */
@Command(
    name = "simulate",
    description = {
      "Measure carbonq's savings in a deterministic simulator.",
      "parity-nightly and parity-ml reproduce the experiments of \"Let's Wait Awhile\""
          + " (Wiesner et al., Middleware 2021) on their 2020 ENTSO-E data, planned by carbonq."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {
  enum Scenario {
    parity_nightly,
    parity_ml;

    String label() {
      return name().replace('_', '-');
    }
  }

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      required = true,
      converter = ScenarioConverter.class,
      description = "parity-nightly or parity-ml")
  Scenario scenario;

  @Option(
      names = "--job-sets",
      paramLabel = "N",
      defaultValue = "8",
      description = "parity-ml: how many job sets to draw and average (default: ${DEFAULT-VALUE})")
  int jobSets;

  @Mixin OutputOption output;

  private final CliContext context;

  SimulateCommand(CliContext context) {
    this.context = context;
  }

  static final class ScenarioConverter implements picocli.CommandLine.ITypeConverter<Scenario> {
    @Override
    public Scenario convert(String value) {
      for (Scenario scenario : Scenario.values()) {
        if (scenario.label().equals(value)) {
          return scenario;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown scenario '" + value + "'; known: parity-nightly, parity-ml");
    }
  }

  @Override
  public Integer call() {
    if (jobSets < 1 || jobSets > 100) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--job-sets must be between 1 and 100, got " + jobSets);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    TextTable table;
    if (scenario == Scenario.parity_nightly) {
      table = new TextTable("ZONE", "WINDOW", "carbonq %>", "PUBLISHED %>", "DIFF pp>");
      for (String zone : Entsoe2020Traces.ZONES) {
        List<NightlyParity.Result> results =
            NightlyParity.run(Entsoe2020Traces.halfHourlyPoints(zone));
        for (int i = 0; i < results.size(); i++) {
          NightlyParity.Result result = results.get(i);
          double published = Published.NIGHTLY.get(zone)[i];
          table.add(
              zone,
              "±" + result.windowHours() + "h",
              Numbers.fixed(result.reductionPct(), 2),
              Numbers.fixed(published, 2),
              Numbers.fixed(result.reductionPct() - published, 2));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("zone", zone);
          row.put("windowHours", result.windowHours());
          row.put("reductionPct", Numbers.round(result.reductionPct(), 3));
          row.put("publishedPct", published);
          rows.add(row);
        }
      }
    } else {
      table = new TextTable("ZONE", "MODE", "carbonq %>", "RANGE %>", "PUBLISHED %>", "DIFF pp>");
      for (String zone : Entsoe2020Traces.ZONES) {
        for (MlParity.Result result :
            MlParity.run(Entsoe2020Traces.halfHourlyPoints(zone), jobSets)) {
          double published = Published.ML.get(zone)[result.interrupting() ? 1 : 0];
          table.add(
              zone,
              result.interrupting() ? "interrupting" : "non-interrupting",
              Numbers.fixed(result.reductionPct(), 2),
              Numbers.fixed(result.minPct(), 2) + "–" + Numbers.fixed(result.maxPct(), 2),
              Numbers.fixed(published, 2),
              Numbers.fixed(result.reductionPct() - published, 2));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("zone", zone);
          row.put("interrupting", result.interrupting());
          row.put("reductionPct", Numbers.round(result.reductionPct(), 3));
          row.put("minPct", Numbers.round(result.minPct(), 3));
          row.put("maxPct", Numbers.round(result.maxPct(), 3));
          row.put("publishedPct", published);
          rows.add(row);
        }
      }
    }
    if (output.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scenario", scenario.label());
      if (scenario == Scenario.parity_ml) {
        out.put("jobSets", jobSets);
      }
      out.put("results", rows);
      Json.print(context.out(), out);
    } else {
      printText(context.out(), table);
    }
    return 0;
  }

  private void printText(PrintWriter out, TextTable table) {
    out.println(
        scenario == Scenario.parity_nightly
            ? "Nightly 30-minute job due at 01:00 UTC on every day of 2020, moved within ±w hours (perfect forecast)"
            : "3,387 ML jobs of 4-89.5 h submitted on 2020 workdays, due by the next workday 09:00 (perfect"
                + " forecast); mean of "
                + jobSets
                + " job sets");
    out.println();
    table.print(out);
  }
}
