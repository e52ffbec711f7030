package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.DurationText;
import io.carbonq.config.Suggestions;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.scheduler.domain.GpuPowerModel;
import io.carbonq.scheduler.domain.Region;
import io.carbonq.scheduler.estimate.Estimate;
import io.carbonq.scheduler.estimate.EstimateJson;
import io.carbonq.scheduler.estimate.EstimateRequest;
import io.carbonq.scheduler.estimate.Estimator;
import io.carbonq.scheduler.estimate.WindowEstimate;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code carbonq estimate}: the footprint of one training run, and a cleaner place and time for it.
 */
@Command(
    name = "estimate",
    description = {
      "Estimate the energy and emissions of a training run, and find a cleaner region and start.",
      "Energy = GPUs × rated power × utilisation × hours; emissions = energy × PUE × the mean grid"
          + " intensity over the run."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class EstimateCommand implements Callable<Integer> {
  private static final Duration MAX_RUN = Duration.ofDays(365);
  private static final Duration MAX_WITHIN = Duration.ofDays(31);

  @Spec CommandSpec spec;

  @Option(
      names = "--gpu",
      required = true,
      paramLabel = "MODEL",
      completionCandidates = Completions.GpuModels.class,
      description = "GPU model, e.g. A100, H100, V100")
  String gpu;

  @Option(
      names = "--gpus",
      paramLabel = "N",
      defaultValue = "1",
      description = "number of GPUs (default: ${DEFAULT-VALUE})")
  int gpus;

  @Option(
      names = "--hours",
      required = true,
      paramLabel = "H",
      description = "how long the run takes, in hours (e.g. 12 or 0.5)")
  double hours;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Place place;

  static final class Place {
    @Option(
        names = "--region",
        paramLabel = "REGION",
        completionCandidates = Completions.Regions.class,
        description = "cloud region, e.g. gcp:europe-west4, aws:us-east-1")
    String region;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        completionCandidates = Completions.Zones.class,
        description = "grid zone, e.g. DE, GB, US-CAL-CISO")
    String zone;
  }

  @Option(
      names = "--pue",
      paramLabel = "PUE",
      description = "data-centre PUE (default: the region's, or the configured default for a zone)")
  Double pue;

  @Option(
      names = "--utilisation",
      paramLabel = "U",
      description = "share of rated GPU power drawn, 0-1 (default: the configured one)")
  Double utilisation;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "start time, e.g. 2023-06-01T00:00Z (default: now)")
  Instant at;

  @Option(
      names = "--within",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "24h",
      description = "how far the start may move for the alternatives (default: ${DEFAULT-VALUE})")
  Duration within;

  @Mixin OutputOption output;

  @Mixin ConfigOption config;

  private final CliContext context;

  EstimateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    output.refuseName("one estimate");
    CarbonqConfig configuration = config.load();
    Fleet fleet = new Fleet(configuration);
    ForecastSource source = context.forecastSources(configuration).chain();
    EstimateRequest request = request(fleet, configuration, source);
    double util = utilisation == null ? configuration.policy().gpuUtilisation() : utilisation;
    GpuPowerModel power = new GpuPowerModel(fleet.power().wattsByModel(), util);
    Estimate estimate = new Estimator(power, fleet.regions(), source).estimate(request);
    if (output.document()) {
      output.print(context.out(), EstimateJson.of(estimate, util));
    } else {
      printText(context.out(), estimate, util, context.terminal().width(output.wide()));
    }
    return 0;
  }

  private EstimateRequest request(Fleet fleet, CarbonqConfig configuration, ForecastSource source) {
    if (gpus < 1 || gpus > 100_000) {
      throw usage("--gpus must be between 1 and 100000, got " + gpus);
    }
    if (!(hours > 0) || Duration.ofSeconds(Math.round(hours * 3600)).compareTo(MAX_RUN) > 0) {
      throw usage("--hours must be more than 0 and at most 8760, got " + hours);
    }
    if (Math.round(hours * 3600) < 60) {
      throw usage("--hours must be at least one minute (0.0167), got " + hours);
    }
    if (pue != null && !(pue >= 1.0 && pue <= 3.0)) {
      throw usage("--pue must be between 1.0 and 3.0, got " + pue);
    }
    if (utilisation != null && !(utilisation > 0 && utilisation <= 1)) {
      throw usage("--utilisation must be more than 0 and at most 1, got " + utilisation);
    }
    if (within.isNegative() || within.compareTo(MAX_WITHIN) > 0) {
      throw usage("--within must be between 0m and 31d, got " + within);
    }
    String model;
    try {
      model = fleet.gpuModel(gpu);
    } catch (UnknownNameException e) {
      throw usage("--gpu: " + e.getMessage());
    }
    Region region = region(fleet, configuration, source);
    Instant start = at != null ? at : context.clock().instant();
    return new EstimateRequest(
        model,
        gpus,
        Duration.ofSeconds(Math.round(hours * 3600)),
        region,
        start,
        within,
        configuration.policy().step());
  }

  private Region region(Fleet fleet, CarbonqConfig configuration, ForecastSource source) {
    if (place.region != null) {
      try {
        Region known = fleet.region(place.region);
        return pue == null ? known : new Region(known.name(), known.zone(), pue);
      } catch (UnknownNameException e) {
        throw usage("--region: " + e.getMessage());
      }
    }
    String zone = place.zone.toUpperCase(java.util.Locale.ROOT);
    if (!source.zones().contains(zone)) {
      throw usage(
          "--zone: no carbon-intensity data for zone '"
              + place.zone
              + "'; "
              + Suggestions.knownOrClosest(place.zone, source.zones()));
    }
    return EstimateRequest.zoneOnly(zone, pue == null ? configuration.policy().defaultPue() : pue);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private void printText(PrintWriter out, Estimate estimate, double util, int width) {
    EstimateRequest request = estimate.request();
    WindowEstimate run = estimate.asRequested();
    say(
        out,
        width,
        "",
        String.format(
            "%d × %s for %s in %s (%sPUE %s), from %s",
            request.gpus(),
            request.gpuModel(),
            DurationText.format(request.duration()),
            request.region().name(),
            request.byZone() ? "" : "zone " + run.zone() + ", ",
            Numbers.fixed(run.pue(), 2),
            Numbers.utc(run.start())));
    say(
        out,
        width,
        "  power      ",
        String.format(
            "%s W per GPU (%s of rated), %s kW in all",
            Numbers.fixed(estimate.gpuPowerWatts(), 0),
            Numbers.percent(util),
            Numbers.fixed(estimate.gpuPowerWatts() * request.gpus() / 1000, 2)));
    say(
        out,
        width,
        "  energy     ",
        String.format(
            "%s kWh on the GPUs, %s kWh with PUE %s",
            Numbers.fixed(estimate.gpuEnergyKwh(), 2),
            Numbers.fixed(estimate.energyKwh(), 2),
            Numbers.fixed(run.pue(), 2)));
    say(
        out,
        width,
        "  intensity  ",
        String.format(
            "%s gCO2e/kWh mean over the run (%s)",
            Numbers.fixed(run.gramsPerKwh(), 1), run.intensitySource()));
    say(out, width, "  emissions  ", Numbers.fixed(run.kgCo2e(), 2) + " kgCO2e");
    out.println();
    say(out, width, "", "Cleaner, starting within " + DurationText.format(request.within()) + ":");
    estimate
        .bestSamePlace()
        .ifPresent(
            best ->
                say(
                    out,
                    width,
                    "  same place  ",
                    String.format(
                        "start %s: %s kgCO2e (%s)",
                        Numbers.utc(best.start()),
                        Numbers.fixed(best.kgCo2e(), 2),
                        signed(estimate.savingOf(best)))));
    estimate
        .bestAnywhere()
        .ifPresent(
            best ->
                say(
                    out,
                    width,
                    "  anywhere    ",
                    String.format(
                        "run in %s (zone %s) at %s: %s kgCO2e (%s; %s)",
                        best.region(),
                        best.zone(),
                        Numbers.utc(best.start()),
                        Numbers.fixed(best.kgCo2e(), 2),
                        signed(estimate.savingOf(best)),
                        best.intensitySource())));
    if (!estimate.zonesWithoutData().isEmpty()) {
      say(
          out,
          width,
          "  ",
          "(no data for zones " + String.join(", ", estimate.zonesWithoutData()) + ")");
    }
  }

  /** {@code text} after {@code first}, wrapped to {@code width} under its own start. */
  private static void say(PrintWriter out, int width, String first, String text) {
    WrappedText.lines(text, width, first, first.isEmpty() ? "  " : " ".repeat(first.length()))
        .forEach(out::println);
  }

  private static String signed(double saving) {
    long percent = Math.round(saving * 100);
    return percent == 0 ? "same" : (percent > 0 ? "-" : "+") + Math.abs(percent) + "%";
  }
}
