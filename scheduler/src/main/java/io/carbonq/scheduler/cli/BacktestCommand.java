package io.carbonq.scheduler.cli;

import io.carbonq.config.DurationText;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.trace.IntensityFiles;
import io.carbonq.forecasts.trace.TraceForecastSource;
import io.carbonq.forecasts.trace.TraceLibrary;
import io.carbonq.scheduler.backtest.Backtest;
import io.carbonq.scheduler.backtest.BacktestWorld;
import io.carbonq.scheduler.backtest.FlexibilityRules;
import io.carbonq.scheduler.backtest.History;
import io.carbonq.scheduler.backtest.HistoryFiles;
import io.carbonq.scheduler.backtest.HistoryJob;
import io.carbonq.scheduler.backtest.PoolSpec;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.simulation.ForecastMode;
import io.carbonq.scheduler.simulation.MainScenario;
import io.carbonq.scheduler.simulation.Policies;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbonq backtest}: what carbonq would have saved on a cluster's recorded job history. */
@Command(
    name = "backtest",
    description = {
      "Replay your cluster's GPU job history (Slurm sacct, kubectl export, Kueue Workloads, Alibaba"
          + " trace or a CSV) with carbonq and the simple baselines, against what it emitted as it"
          + " ran (AS-RUN): kgCO2e, %% saved, extra wait, missed deadlines.",
      "Deadlines come from the jobs' labels, a rules file, their time limits or --slack; the"
          + " output says how many jobs each rule set."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class BacktestCommand implements Callable<Integer> {
  private static final List<String> DEFAULT_POLICIES = List.of("B0", "B2", "B6", "S", "O2");

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      paramLabel = "FILE",
      required = true,
      description = "the job history (see examples/history/README.md; .gz files too)")
  Path jobs;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description = "auto, slurm, kubernetes, kueue, csv or alibaba (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "the zone of times written without an offset, as sacct writes the controller's local"
              + " time, e.g. Europe/Berlin (default: ${DEFAULT-VALUE})")
  String timezone;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "only jobs submitted at or after this time")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "only jobs submitted before this time")
  Instant to;

  @Mixin ConfigOption config;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description =
          "without --config: the grid zone of the cluster, one pool per partition, namespace or"
              + " queue, as large as the history used it (default: DE)")
  String zone;

  @Option(
      names = "--pue",
      paramLabel = "PUE",
      defaultValue = "1.1",
      description = "without --config: the data centre's PUE (default: ${DEFAULT-VALUE})")
  double pue;

  @Option(
      names = "--home",
      paramLabel = "POOL",
      description = "the pool of jobs whose group names no pool (default: the first pool)")
  String home;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "a rules file: deadlines, pausing and moving by group, user or label")
  Path rules;

  @Option(
      names = "--slack",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "how much later than it did a job with no other rule may end (default: 12h, or the"
              + " rules file's)")
  Duration slack;

  @Option(
      names = "--interruptible",
      description = "jobs with no other rule may pause and resume (default: they may not)")
  boolean interruptible;

  @Option(
      names = "--mobile",
      description = "jobs with no other rule may run in any pool (default: only in their own)")
  boolean mobile;

  @Option(
      names = "--no-time-limits",
      description = "do not take a job's time limit as its deadline")
  boolean noTimeLimits;

  @Option(
      names = "--intensity",
      paramLabel = "FILE|DIR",
      split = ",",
      description =
          "measured intensity per zone: the two-column format (datetime_utc,gco2eq_per_kwh; zone"
              + " from the file name) or Electricity Maps hourly CSVs (default: the bundled traces)")
  List<Path> intensity;

  @Option(
      names = "--gpu-watts",
      paramLabel = "W",
      description = "power a GPU draws while it runs (default: from the GPU power table)")
  Double gpuWatts;

  @Option(
      names = "--policies",
      paramLabel = "IDS",
      split = ",",
      description =
          "policies besides AS-RUN (default: B0, B2, B6, S, O2; any of carbonq simulate's)")
  List<String> policies;

  @Option(
      names = "--forecast",
      paramLabel = "MODE",
      defaultValue = "F3",
      converter = SimulateCommand.ForecastModeConverter.class,
      description =
          "the forecasts policies see: F0 perfect, F3 errors as the UK's forecasts erred by lead"
              + " time, F4 modelled on real forecast vintages (default: ${DEFAULT-VALUE})")
  ForecastMode forecast;

  @Option(
      names = "--trace-start",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "Alibaba trace: where its day zero is laid (default: the first Monday of 2023)")
  Instant traceStart;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "seed of the forecast errors (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--log",
      paramLabel = "FILE",
      description = "write every job of every policy to this CSV file")
  Path log;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "write the comparison to this file: a self-contained HTML page with the chart when it"
              + " ends in .html, else Markdown")
  Path report;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress on standard error")
  boolean quiet;

  @Mixin OutputOption output;

  private final CliContext context;

  BacktestCommand(CliContext context) {
    this.context = context;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() {
    output.refuseName("one comparison");
    List<String> ids = policies == null ? DEFAULT_POLICIES : policies;
    for (String id : ids) {
      if (id.equals("O3")) {
        throw usage(
            "--policies: O3 solves whole histories too slowly; use carbonq simulate --limit");
      }
      if (!Policies.isKnown(id)) {
        throw usage(
            "--policies: unknown policy '"
                + id
                + "'; known: "
                + String.join(", ", Policies.IDS)
                + ", O1, O2, O3, S-whole, S-pinned, S+echo, S:<reserve share>");
      }
    }
    ZoneId localZone;
    try {
      localZone = ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw usage("--timezone: '" + timezone + "' is not a time zone, e.g. UTC or Europe/Berlin");
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw usage("--to must be after --from");
    }
    History history;
    try {
      history =
          HistoryFiles.read(
              jobs,
              format,
              localZone,
              traceStart != null ? traceStart : MainScenario.firstMonday(2023));
    } catch (IllegalArgumentException e) {
      throw usage("--jobs: " + e.getMessage());
    }
    requireWritable("--log", log);
    requireWritable("--report", report);
    History kept = within(history);
    FlexibilityRules flexibility = flexibility();
    // The embedded configuration without --config: its power table serves the GPU draw.
    Fleet fleet = new Fleet(config.load());
    List<PoolSpec> pools = pools(kept, fleet);
    Map<String, IntensitySeries> actuals = actuals(pools, kept);
    double watts = gpuWatts != null ? gpuWatts : watts(kept, fleet);
    if (!(watts > 0 && watts <= 5000)) {
      throw usage("--gpu-watts must be more than 0 and at most 5000, got " + watts);
    }
    BacktestWorld world;
    try {
      world =
          BacktestWorld.build(
              kept,
              new BacktestWorld.Settings(
                  pools,
                  Optional.ofNullable(home),
                  flexibility,
                  watts,
                  Duration.ofMinutes(5),
                  forecast,
                  seed),
              actuals);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Backtest backtest =
        Backtest.run(
            world,
            ids,
            PolicyProgress.on(context.err(), context.errTerminal(), context.clock(), quiet));
    BacktestReport printed = new BacktestReport(history, kept, backtest, watts, inputNotes);
    try {
      if (log != null) {
        printed.writeLog(log);
      }
      if (report != null && report.getFileName().toString().matches("(?i).*\\.html?")) {
        printed.writeHtml(report);
      } else if (report != null) {
        printed.writeMarkdown(report);
      }
    } catch (java.io.UncheckedIOException e) {
      throw usage(e.getMessage() + ": " + e.getCause().getMessage());
    }
    if (output.document()) {
      output.print(context.out(), printed.document());
    } else {
      printed.printText(context.out(), context.terminal(), output.wide());
    }
    return 0;
  }

  /** What the input files needed said of themselves, for the header. */
  private final List<String> inputNotes = new java.util.ArrayList<>();

  /**
   * Refuses an output file that is one of the inputs, or whose folder cannot be written, before
   * minutes of replay.
   */
  private void requireWritable(String flag, Path file) {
    if (file == null) {
      return;
    }
    List<Path> inputs = new java.util.ArrayList<>(List.of(jobs));
    if (rules != null) {
      inputs.add(rules);
    }
    if (config.file != null) {
      inputs.add(config.file);
    }
    for (Path input : inputs) {
      if (file.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
        throw usage(flag + ": " + file + " is an input of this backtest; write to another file");
      }
    }
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
      throw usage(flag + ": no folder " + folder + " to write " + file.getFileName() + " in");
    }
    if (!java.nio.file.Files.isWritable(folder)
        || (java.nio.file.Files.exists(file) && !java.nio.file.Files.isWritable(file))) {
      throw usage(flag + ": " + file + " cannot be written (permission denied)");
    }
  }

  /** The history's jobs submitted within --from and --to. */
  private History within(History history) {
    if (from == null && to == null) {
      return history;
    }
    List<HistoryJob> kept =
        history.jobs().stream()
            .filter(job -> from == null || !job.submit().isBefore(from))
            .filter(job -> to == null || job.submit().isBefore(to))
            .toList();
    if (kept.isEmpty()) {
      throw usage(
          "--from/--to: none of the history's "
              + history.jobs().size()
              + " jobs was submitted in that period");
    }
    return new History(history.source(), history.format(), kept, history.skipped());
  }

  private FlexibilityRules flexibility() {
    FlexibilityRules read;
    try {
      read =
          rules == null
              ? FlexibilityRules.defaults(Duration.ofHours(12))
              : FlexibilityRules.read(rules);
    } catch (IllegalArgumentException e) {
      throw usage("--rules: " + e.getMessage());
    }
    if (slack != null && slack.isNegative()) {
      throw usage("--slack must not be negative, got " + DurationText.format(slack));
    }
    return read.withDefaults(
        slack != null ? slack : read.defaultSlack(),
        interruptible || read.defaultInterruptible(),
        mobile || read.defaultMobile(),
        !noTimeLimits && read.timeLimits());
  }

  /** The configuration's pools, or one per group of the history in --zone. */
  private List<PoolSpec> pools(History history, Fleet fleet) {
    if (config.file != null) {
      if (zone != null) {
        throw usage("--zone: the pools and their zones come from --config; give one or the other");
      }
      if (spec.commandLine().getParseResult().hasMatchedOption("--pue")) {
        throw usage("--pue: each region's PUE comes from --config; give one or the other");
      }
      return fleet.pools().stream()
          .map(
              pool ->
                  new PoolSpec(pool.name(), pool.region().zone(), pool.region().pue(), pool.gpus()))
          .toList();
    }
    if (!(pue >= 1 && pue <= 3)) {
      throw usage("--pue must be between 1 and 3, got " + pue);
    }
    // Zone ids are upper case (DE, US-CAL-CISO); people type them in any case.
    String chosen = zone == null ? "DE" : zone.toUpperCase(java.util.Locale.ROOT);
    Set<String> groups = new LinkedHashSet<>();
    history.jobs().forEach(job -> groups.add(job.group()));
    return groups.stream().map(group -> new PoolSpec(group, chosen, pue, 0)).toList();
  }

  /** Each pool zone's measured intensity: the user's files, or the bundled traces. */
  private Map<String, IntensitySeries> actuals(List<PoolSpec> pools, History history) {
    Set<String> zones = new TreeSet<>();
    pools.forEach(pool -> zones.add(pool.zone()));
    if (intensity != null) {
      Map<String, IntensitySeries> read;
      try {
        IntensityFiles.Read files = IntensityFiles.read(intensity);
        read = files.byZone();
        files
            .filled()
            .forEach(
                (filledZone, filled) -> {
                  if (filled > 0 && zones.contains(filledZone)) {
                    inputNotes.add(
                        "the intensity of zone "
                            + filledZone
                            + " misses "
                            + filled
                            + " periods: each took the value before it");
                  }
                });
      } catch (IllegalArgumentException e) {
        throw usage("--intensity: " + e.getMessage());
      }
      for (String needed : zones) {
        if (!read.containsKey(needed)) {
          throw usage(
              "--intensity: no data for zone "
                  + needed
                  + "; zones with data: "
                  + String.join(", ", new TreeSet<>(read.keySet())));
        }
      }
      return read;
    }
    TraceLibrary library = TraceLibrary.bundled();
    TraceForecastSource traces = new TraceForecastSource(library);
    Instant first = history.jobs().stream().map(HistoryJob::submit).min(Instant::compareTo).get();
    Instant last = history.jobs().stream().map(HistoryJob::end).max(Instant::compareTo).get();
    int firstYear = first.atZone(java.time.ZoneOffset.UTC).getYear();
    int lastYear = last.atZone(java.time.ZoneOffset.UTC).getYear();
    Map<String, IntensitySeries> actual = new HashMap<>();
    for (String needed : zones) {
      if (!library.zones().contains(needed)) {
        throw usage(
            "--zone: no bundled trace for zone '"
                + needed
                + "'; bundled: "
                + String.join(", ", new TreeSet<>(library.zones()))
                + " (or give your own with --intensity)");
      }
      for (int year = firstYear; year <= lastYear; year++) {
        if (!library.hasYear(needed, year)) {
          throw usage(
              "no bundled "
                  + year
                  + " trace of zone "
                  + needed
                  + ", the history's period; give the zone's intensity with --intensity");
        }
      }
      Instant start =
          java.time.LocalDate.of(firstYear, 1, 1)
              .atStartOfDay()
              .toInstant(java.time.ZoneOffset.UTC);
      Instant end =
          java.time.LocalDate.of(lastYear + 1, 1, 1)
              .atStartOfDay()
              .toInstant(java.time.ZoneOffset.UTC);
      actual.put(needed, traces.actuals(needed, start, end));
    }
    return actual;
  }

  /**
   * What a GPU draws: the power table's figure for the pools' most common model with --config, else
   * for the history's most common model, else an A100's.
   */
  private double watts(History history, Fleet fleet) {
    Map<String, Integer> gpusByModel = new LinkedHashMap<>();
    if (config.file != null) {
      fleet.pools().forEach(pool -> gpusByModel.merge(pool.gpuModel(), pool.gpus(), Integer::sum));
    } else {
      for (HistoryJob job : history.jobs()) {
        job.gpuModel()
            .flatMap(model -> fleet.config().gpu(model).map(gpu -> gpu.model()))
            .ifPresent(model -> gpusByModel.merge(model, job.gpus(), Integer::sum));
      }
    }
    String model =
        gpusByModel.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("A100");
    return fleet.power().powerWatts(model);
  }
}
