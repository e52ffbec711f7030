package io.carbonq.scheduler.cli;

import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.Entsoe2020Traces;
import io.carbonq.forecasts.trace.IntensityFiles;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.cli.chart.ComparisonChart;
import io.carbonq.scheduler.simulation.ClassBreakdown;
import io.carbonq.scheduler.simulation.Comparison;
import io.carbonq.scheduler.simulation.DurationEstimates;
import io.carbonq.scheduler.simulation.ForecastMode;
import io.carbonq.scheduler.simulation.HardMissHolders;
import io.carbonq.scheduler.simulation.MainScenario;
import io.carbonq.scheduler.simulation.Policies;
import io.carbonq.scheduler.simulation.PoolScaling;
import io.carbonq.scheduler.simulation.Scenario;
import io.carbonq.scheduler.simulation.WorkloadTrace;
import io.carbonq.scheduler.simulation.parity.MlParity;
import io.carbonq.scheduler.simulation.parity.NightlyParity;
import io.carbonq.scheduler.simulation.parity.Published;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code carbonq simulate}: carbonq's savings measured in a deterministic simulator. */
@Command(
    name = "simulate",
    description = {
      "Measure carbonq's savings in a deterministic simulator against the baselines of the"
          + " benchmark (B0 run now, B1 threshold, B2 best window, B3 Wait-AWhile, B4 Carbon-Time,"
          + " B5 greenest region, B6 both), the per-job oracle O1, the capacity-aware limit O2 and, on up to 500 workloads, the exact optimum O3 (O2 and O3 need the benchmark build: see docs/results.md).",
      "main: the Alibaba GPU trace on eight 2023 grid zones. parity-nightly and parity-ml: the"
          + " experiments of \"Let's Wait Awhile\" (Wiesner et al., Middleware 2021) on their data."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {
  private static final List<String> SCENARIOS = List.of("main", "parity-nightly", "parity-ml");

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      defaultValue = "main",
      description = "main, parity-nightly or parity-ml (default: ${DEFAULT-VALUE})")
  String scenario;

  @Option(
      names = "--policies",
      paramLabel = "IDS",
      split = ",",
      description =
          "main: policies to run (default: B0, B1-p30, B1-p50, B2, B3, B4, B5, B6, S, O1, O2; also O3, S:0.1 for carbonq keeping 10%% of each pool for work that cannot wait, and S+echo for carbonq holding GPUs for yesterday's urgent work)")
  List<String> policies;

  @Option(
      names = "--forecast",
      paramLabel = "MODE",
      defaultValue = "F0",
      converter = ForecastModeConverter.class,
      description =
          "main: F0 perfect, F1 persistence, F2:<MAPE %%> noisy, F3 UK lead-time errors (absolute, g/kWh), F4 real UK forecast vintages and errors modelled on them (default: ${DEFAULT-VALUE})")
  ForecastMode forecast;

  @Option(
      names = "--workload",
      paramLabel = "FILE",
      description =
          "main: the jobs to replay: an Alibaba GPU trace v2023 pod CSV or a plain jobs CSV (see docs/results.md; default: the bundled Alibaba subset)")
  Path workload;

  @Option(
      names = "--intensity",
      paramLabel = "FILE|DIR",
      split = ",",
      description =
          "main: measured intensity per zone: files or directories of the two-column format (datetime_utc,gco2eq_per_kwh; zone from the file name) or Electricity Maps hourly CSVs (default: the bundled traces)")
  List<Path> intensity;

  @Option(
      names = "--year",
      paramLabel = "YEAR",
      description =
          "main: the year the Alibaba trace is laid on, weekdays kept (default: 2023, or the first whole year of the --intensity data)")
  Integer year;

  @Option(
      names = "--zones",
      paramLabel = "ZONES",
      split = ",",
      description =
          "main: grid zones, one region each (default: DE, GB, US-CAL-CISO, US-TEX-ERCO, CA-ON, US-MIDA-PJM, US-NY-NYIS, SG; with --intensity, every zone in it)")
  List<String> zones;

  @Option(
      names = "--from-day",
      paramLabel = "DAY",
      description =
          "main: first day of the workload to replay, from its day 0 (default: 119; with --workload, 0)")
  Integer fromDay;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "main: replay only the jobs arriving in N days from --from-day (default: all)")
  Integer days;

  @Option(
      names = "--capacity-target",
      paramLabel = "U",
      defaultValue = "0.55",
      description =
          "main: pool sizes give running-now this GPU utilisation (default: ${DEFAULT-VALUE})")
  double capacityTarget;

  @Option(
      names = "--interruptible-share",
      paramLabel = "SHARE",
      defaultValue = "0.5",
      description = "main: share of deferrable jobs that may pause (default: ${DEFAULT-VALUE})")
  double interruptibleShare;

  @Option(
      names = "--mobile-share",
      paramLabel = "SHARE",
      defaultValue = "0.5",
      description =
          "main: share of deferrable jobs that may run in any region (default: ${DEFAULT-VALUE})")
  double mobileShare;

  @Option(
      names = "--copies",
      paramLabel = "K",
      defaultValue = "4",
      description =
          "main: replay the trace K times with fresh homes and deadlines (default: ${DEFAULT-VALUE})")
  int copies;

  @Option(
      names = "--sweeps",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "main: generated hyperparameter sweeps (16-256 trials) per copy (default: ${DEFAULT-VALUE})")
  int sweeps;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description =
          "main: only the first N workloads, for a quick run, on pools shrunk to load them as the"
              + " whole scenario loads its own")
  Integer limit;

  @Option(
      names = "--no-scale-pools",
      description = "main: with --limit, keep the whole scenario's pools instead")
  boolean rawPools;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description =
          "main: random seed of the scenario and the forecast errors (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--duration-error",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description =
          "main: how far users' run-time estimates miss: each is the actual run time times a"
              + " factor drawn from [1-FRACTION, 1+FRACTION] (0.3 for ±30 %%); policies plan with"
              + " the estimate, the oracles know the actual (default: ${DEFAULT-VALUE})")
  double durationError;

  @Option(
      names = "--by-class",
      description =
          "main: also break each policy's emissions, resumes and misses down by class of job"
              + " (latency-sensitive; pods and sweep trials by pausable or not, mobile or home, run"
              + " time), against each job alone at its best region and window (O1)")
  boolean byClass;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "main: write every job of every policy to this CSV file")
  Path log;

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description =
          "main: draw each policy's reduction, wait and deadline misses, and one region's week,"
              + " to this SVG file")
  Path chart;

  @Option(
      names = "--chart-zone",
      paramLabel = "ZONE",
      defaultValue = "DE",
      description = "main: the region the chart's timeline shows (default: ${DEFAULT-VALUE})")
  String chartZone;

  @Option(
      names = "--job-sets",
      paramLabel = "N",
      defaultValue = "8",
      description = "parity-ml: job sets to draw and average (default: ${DEFAULT-VALUE})")
  int jobSets;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress on standard error (policies left out are still named)")
  boolean quiet;

  @Mixin OutputOption output;

  private final CliContext context;

  SimulateCommand(CliContext context) {
    this.context = context;
  }

  static final class ForecastModeConverter implements ITypeConverter<ForecastMode> {
    @Override
    public ForecastMode convert(String value) {
      try {
        return ForecastMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    if (!SCENARIOS.contains(scenario)) {
      throw usage(
          "--scenario: unknown scenario '"
              + scenario
              + "'; known: "
              + String.join(", ", SCENARIOS));
    }
    if (!scenario.equals("main")) {
      output.refuseName("reductions by zone");
      refuseOptionsOfOtherScenarios();
    }
    if (!scenario.equals("parity-ml") && given("--job-sets")) {
      throw usage("--job-sets applies to --scenario parity-ml only; leave it out for " + scenario);
    }
    return switch (scenario) {
      case "main" -> main();
      case "parity-nightly" -> parityNightly();
      default -> parityMl();
    };
  }

  /**
   * A parity scenario replays a published experiment as it was (parity-ml's job sets come from
   * fixed seeds), so the main scenario's options would be ignored; say so rather than print figures
   * that look as if they applied.
   */
  private void refuseOptionsOfOtherScenarios() {
    for (OptionSpec option : spec.options()) {
      String[] description = option.description();
      boolean mainOnly = description.length > 0 && description[0].startsWith("main:");
      if (mainOnly && given(option.longestName())) {
        throw usage(
            option.longestName()
                + " applies to --scenario main only: "
                + scenario
                + " replays a published experiment as it was; leave "
                + option.longestName()
                + " out");
      }
    }
  }

  private boolean given(String optionName) {
    return spec.commandLine().getParseResult().hasMatchedOption(optionName);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private int main() {
    List<String> ids = policies == null ? allPolicies() : policies;
    for (String id : ids) {
      if (!Policies.isKnown(id)) {
        throw usage(
            "--policies: unknown policy '"
                + id
                + "'; known: "
                + String.join(", ", allPolicies())
                + ", O3, S-whole, S-pinned, S+echo, S:<reserve share>");
      }
    }
    requireShare("--capacity-target", capacityTarget);
    requireShare("--interruptible-share", interruptibleShare);
    requireShare("--mobile-share", mobileShare);
    if (sweeps < 0 || sweeps > 100) {
      throw usage("--sweeps must be between 0 and 100, got " + sweeps);
    }
    if (copies < 1 || copies > 20) {
      throw usage("--copies must be between 1 and 20, got " + copies);
    }
    int firstDay = fromDay != null ? fromDay : workload == null ? 119 : 0;
    if (firstDay < 0) {
      throw usage("--from-day must be 0 or more, got " + firstDay);
    }
    if (days != null && days < 1) {
      throw usage("--days must be at least 1, got " + days);
    }
    Map<String, IntensitySeries> actuals;
    int layYear;
    try {
      if (intensity == null) {
        layYear = year == null ? 2023 : year;
        List<String> known = new ArrayList<>(new TreeSet<>(TraceLibrary.bundled().zones()));
        for (String zone : zones == null ? MainScenario.ZONES : zones) {
          if (!known.contains(zone)) {
            throw usage(
                "--zones: no bundled trace for zone '"
                    + zone
                    + "'; bundled: "
                    + String.join(", ", known)
                    + " (or give your own with --intensity)");
          }
        }
        actuals = MainScenario.bundledActuals(zones == null ? MainScenario.ZONES : zones, layYear);
      } else {
        IntensityFiles.Read read = IntensityFiles.read(intensity);
        actuals = read.byZone();
        layYear = year == null ? firstWholeYear(actuals) : year;
        read.filled()
            .forEach(
                (zone, filled) -> {
                  if (filled > 0 && !quiet) {
                    context
                        .err()
                        .printf(
                            "%s: %d missing periods took the value before them%n", zone, filled);
                  }
                });
      }
    } catch (IllegalArgumentException e) {
      throw usage("--intensity: " + e.getMessage());
    }
    List<String> zoneList =
        zones != null
            ? zones
            : intensity == null ? MainScenario.ZONES : List.copyOf(actuals.keySet());
    for (String zone : zoneList) {
      if (!actuals.containsKey(zone)) {
        throw usage(
            "--zones: no intensity for zone '"
                + zone
                + "'; zones with data: "
                + String.join(", ", new TreeSet<>(actuals.keySet())));
      }
    }
    if (!zoneList.contains(chartZone)) {
      if (chart != null && spec.commandLine().getParseResult().hasMatchedOption("--chart-zone")) {
        throw usage(
            "--chart-zone: '"
                + chartZone
                + "' is not among the simulated zones "
                + String.join(", ", zoneList));
      }
      chartZone = zoneList.get(0);
    }
    WorkloadTrace trace;
    try {
      trace =
          workload == null
              ? WorkloadTrace.bundled(MainScenario.firstMonday(layYear))
              : WorkloadTrace.read(workload, MainScenario.firstMonday(layYear));
    } catch (IllegalArgumentException e) {
      throw usage("--workload: " + e.getMessage());
    }
    if (!trace.skipped().isEmpty() && !quiet) {
      context.err().printf("%s: skipped %d rows:%n", trace.source(), trace.skipped().size());
      trace.skipped().stream().limit(10).forEach(line -> context.err().println("  " + line));
      if (trace.skipped().size() > 10) {
        context.err().printf("  … and %d more%n", trace.skipped().size() - 10);
      }
    }
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1, got " + limit);
    }
    if (!(durationError >= 0 && durationError < 1)) {
      throw usage(
          "--duration-error must be at least 0 and below 1 (0.3 for estimates within ±30 %), got "
              + durationError);
    }
    MainScenario.Options options =
        new MainScenario.Options(
            zoneList,
            firstDay,
            capacityTarget,
            interruptibleShare,
            mobileShare,
            70,
            Duration.ofMinutes(5),
            forecast,
            seed,
            copies,
            sweeps,
            days == null ? 0 : days);
    Scenario whole;
    try {
      whole = MainScenario.build(options, trace, actuals);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Scenario world = limited(whole);
    if (!quiet) {
      context
          .err()
          .printf(
              "simulating %d workloads on %d regions (GPUs per region %s), forecast %s, seed %d%n",
              world.workloads().size(),
              world.regions().size(),
              Arrays.toString(world.capacities()),
              forecast,
              seed);
    }
    Comparison comparison =
        Comparison.run(
            world,
            ids,
            new DurationEstimates(durationError, seed),
            PolicyProgress.on(context.err(), context.errTerminal(), context.clock(), quiet));
    if (log != null) {
      ComparisonReport.writeLog(comparison, log);
    }
    if (chart != null) {
      OutputFiles.write(
          chart, List.of(ComparisonChart.svg(comparison, world.regionIndex(chartZone))));
    }
    List<ClassBreakdown> classes = byClass ? ClassBreakdown.of(comparison) : List.of();
    List<HardMissHolders> holders = byClass ? HardMissHolders.of(comparison) : List.of();
    if (output.document()) {
      Map<String, Object> json = ComparisonReport.mainJson(comparison);
      if (byClass) {
        json.put("byClass", classes.stream().map(ComparisonReport::classJson).toList());
        json.put("hardMissHolders", holders.stream().map(ComparisonReport::holdersJson).toList());
      }
      output.print(context.out(), json);
    } else {
      TextTable table = ComparisonReport.mainTable(comparison);
      if (output.name()) {
        table.firstColumn().forEach(context.out()::println);
      } else {
        ComparisonReport.printMain(
            context.out(),
            comparison,
            pools(whole, world),
            table,
            context.terminal(),
            output.wide());
        if (byClass) {
          section(
              "By class of job, against each job alone at its best region and window (O1):",
              ComparisonReport.classTable(classes));
          section(
              "GPUs held in the home pool a step after each hard miss arrived (mean per miss):",
              ComparisonReport.holdersTable(holders));
        }
      }
    }
    return 0;
  }

  /** A blank line, a title wrapped to the terminal, and a table. */
  private void section(String title, TextTable table) {
    context.out().println();
    WrappedText.lines(title, context.terminal().width(output.wide()), "", "  ")
        .forEach(context.out()::println);
    table.print(context.out(), context.terminal().layout(output.wide()));
  }

  /** The first {@code --limit} workloads, on pools scaled to them unless told not to. */
  private Scenario limited(Scenario whole) {
    if (limit == null || limit >= whole.workloads().size()) {
      return whole;
    }
    return rawPools
        ? whole.withWorkloads(whole.workloads().subList(0, limit))
        : PoolScaling.firstWorkloads(whole, limit);
  }

  /** The pools' size, how they were chosen and the load they carry, for the header. */
  private String pools(Scenario whole, Scenario world) {
    int gpus = Arrays.stream(world.capacities()).sum();
    String chosen =
        world.workloads().size() == whole.workloads().size()
            ? ""
            : rawPools
                ? ", sized for all " + whole.workloads().size() + " workloads (--no-scale-pools)"
                : ", scaled from "
                    + Arrays.stream(whole.capacities()).sum()
                    + " to the "
                    + world.workloads().size()
                    + " workloads kept";
    return String.format(
        Locale.ROOT,
        "Pools: %d GPUs in %d regions%s; load %s of capacity while work arrives",
        gpus,
        world.regions().size(),
        chosen,
        Numbers.percent(world.offeredLoad()));
  }

  /** The first year whose 1 January every zone's data covers, else the year the data starts. */
  private static int firstWholeYear(Map<String, IntensitySeries> actuals) {
    Instant latestStart =
        actuals.values().stream().map(IntensitySeries::start).max(Instant::compareTo).orElseThrow();
    LocalDate day = latestStart.atZone(ZoneOffset.UTC).toLocalDate();
    return day.getDayOfYear() == 1 ? day.getYear() : day.getYear() + 1;
  }

  private static List<String> allPolicies() {
    List<String> all = new ArrayList<>(Policies.IDS);
    all.add("O1");
    all.add("O2");
    return all;
  }

  private void requireShare(String flag, double value) {
    if (!(value > 0 && value <= 1) && !(value == 0 && !flag.equals("--capacity-target"))) {
      throw usage(flag + " must be between 0 and 1, got " + value);
    }
  }

  private int parityNightly() {
    List<Map<String, Object>> rows = new ArrayList<>();
    TextTable table = new TextTable("ZONE", "WINDOW", "carbonq %>", "PUBLISHED %>", "DIFF pp>");
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
    return printParity(
        "Nightly 30-minute job due at 01:00 UTC on every day of 2020, moved within ±w hours (perfect forecast)",
        table,
        rows);
  }

  private int parityMl() {
    if (jobSets < 1 || jobSets > 100) {
      throw usage("--job-sets must be between 1 and 100, got " + jobSets);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    TextTable table =
        new TextTable("ZONE", "MODE", "carbonq %>", "RANGE %>", "PUBLISHED %>", "DIFF pp>");
    for (String zone : Entsoe2020Traces.ZONES) {
      for (MlParity.Result result :
          MlParity.run(Entsoe2020Traces.halfHourlyPoints(zone), jobSets)) {
        double published = Published.ML.get(zone)[result.interrupting() ? 1 : 0];
        table.add(
            zone,
            result.mode().label(),
            Numbers.fixed(result.reductionPct(), 2),
            Numbers.fixed(result.minPct(), 2) + "–" + Numbers.fixed(result.maxPct(), 2),
            Numbers.fixed(published, 2),
            Numbers.fixed(result.reductionPct() - published, 2));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("zone", zone);
        row.put("interrupting", result.interrupting());
        row.put("mode", result.mode().label());
        row.put("reductionPct", Numbers.round(result.reductionPct(), 3));
        row.put("minPct", Numbers.round(result.minPct(), 3));
        row.put("maxPct", Numbers.round(result.maxPct(), 3));
        row.put("publishedPct", published);
        rows.add(row);
      }
    }
    return printParity(
        "3,387 ML jobs of 4-89.5 h submitted on 2020 workdays, due by the next workday 09:00 (perfect"
            + " forecast); mean of "
            + jobSets
            + " job sets",
        table,
        rows);
  }

  private int printParity(String title, TextTable table, List<Map<String, Object>> rows) {
    if (output.document()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scenario", scenario);
      if (scenario.equals("parity-ml")) {
        out.put("jobSets", jobSets);
      }
      out.put("results", rows);
      output.print(context.out(), out);
    } else {
      WrappedText.lines(title, context.terminal().width(output.wide()), "", "")
          .forEach(context.out()::println);
      context.out().println();
      table.print(context.out(), context.terminal().layout(output.wide()));
    }
    return 0;
  }
}
