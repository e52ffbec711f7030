package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.config.DurationText;
import io.carbonq.config.Suggestions;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import io.carbonq.forecasts.api.UnknownZoneException;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.fleet.UnknownNameException;
import io.carbonq.scheduler.forecast.CleanestWindow;
import io.carbonq.scheduler.forecast.ForecastSources;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbonq forecast}: one zone's carbon-intensity forecast, drawn in the terminal. */
@Command(
    name = "forecast",
    description = {
      "Show the grid carbon-intensity forecast of a zone or cloud region, and its cleanest window.",
      "Without --source the configured fallback chain answers; the chart marks which source"
          + " covered which hours."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ForecastCommand implements Callable<Integer> {
  static final int MAX_HOURS = 24 * 14;
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      completionCandidates = Completions.Zones.class,
      description = "grid zone, e.g. GB, DE, DK-DK1")
  String zone;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      completionCandidates = Completions.Regions.class,
      description = "cloud region instead of a zone, e.g. gcp:europe-west2, aws:us-east-1")
  String region;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description = "ask only this source: ${COMPLETION-CANDIDATES}",
      completionCandidates = SourceTypes.class)
  String source;

  @Option(
      names = "--hours",
      paramLabel = "H",
      defaultValue = "48",
      description = "how far ahead to show, 1-336 (default: ${DEFAULT-VALUE})")
  int hours;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "mark the cleanest window of this length, e.g. 3h")
  Duration duration;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "base URL for --source instead of the provider's (a proxy, a stub, your SDK)")
  String endpoint;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description = "issue time, e.g. 2023-03-13T08:00Z (default: now)")
  Instant at;

  @Mixin OutputOption output;

  @Mixin ConfigOption config;

  private final CliContext context;

  ForecastCommand(CliContext context) {
    this.context = context;
  }

  /** The source types, for completion and help. */
  static final class SourceTypes extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    SourceTypes() {
      super(ConfigLoader.SOURCE_TYPES);
    }
  }

  @Override
  public Integer call() {
    output.refuseName("one forecast");
    CarbonqConfig configuration = config.load();
    if (hours < 1 || hours > MAX_HOURS) {
      throw usage("--hours must be between 1 and " + MAX_HOURS + ", got " + hours);
    }
    if (endpoint != null && source == null) {
      throw usage("--endpoint replaces one API's base URL; name it with --source");
    }
    if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw usage("--endpoint must be an http:// or https:// URL, got '" + endpoint + "'");
    }
    if (source != null && !ConfigLoader.SOURCE_TYPES.contains(source)) {
      throw usage(
          "--source: unknown source '"
              + source
              + "'; "
              + Suggestions.knownOrClosest(source, ConfigLoader.SOURCE_TYPES));
    }
    ForecastSources sources = context.forecastSources(configuration);
    ForecastSource asked =
        source == null
            ? sources.chain()
            : endpoint == null ? sources.source(source) : sources.source(source, endpoint);
    String gridZone = zone(configuration, asked);
    Instant issuedAt = at != null ? at : context.clock().instant();
    Duration horizon = Duration.ofHours(hours);
    if (duration != null
        && (duration.isNegative() || duration.isZero() || duration.compareTo(horizon) > 0)) {
      throw usage(
          "--duration must be more than 0 and at most --hours ("
              + hours
              + "h), got "
              + DurationText.format(duration));
    }
    IntensitySeries series;
    try {
      series = asked.forecast(gridZone, issuedAt, horizon);
    } catch (UnknownZoneException e) {
      throw noForecastFor(gridZone, e.knownZones());
    }
    Instant from =
        series.start().isAfter(issuedAt) ? series.start() : periodStart(series, issuedAt);
    Instant until =
        issuedAt.plus(horizon).isBefore(series.end()) ? issuedAt.plus(horizon) : series.end();
    if (!until.isAfter(from)) {
      throw new io.carbonq.forecasts.api.ForecastException(
          asked.id()
              + " has no forecast for "
              + gridZone
              + " after "
              + issuedAt
              + " (it ends "
              + series.end()
              + ")");
    }
    Optional<CleanestWindow.Window> cleanest =
        duration == null ? Optional.empty() : CleanestWindow.find(series, from, until, duration);
    if (output.document()) {
      output.print(context.out(), json(series, from, until, cleanest));
    } else {
      printText(
          context.out(), series, from, until, cleanest, context.terminal().width(output.wide()));
    }
    return 0;
  }

  private String zone(CarbonqConfig configuration, ForecastSource asked) {
    if ((zone == null) == (region == null)) {
      throw usage("name one of --zone ZONE or --region REGION");
    }
    if (region != null) {
      try {
        return new Fleet(configuration).region(region).zone();
      } catch (UnknownNameException e) {
        throw usage("--region: " + e.getMessage());
      }
    }
    java.util.Set<String> zones;
    try {
      zones = asked.zones();
    } catch (io.carbonq.forecasts.api.ForecastException unreachable) {
      zones = java.util.Set.of();
    }
    for (String candidate : zones) {
      if (candidate.equalsIgnoreCase(zone)) {
        return candidate;
      }
    }
    if (source != null && !ConfigLoader.OFFLINE_TYPES.contains(source)) {
      // A network source is asked as given: it may take names (a WattTime region, an SDK
      // location) beyond the zones mapped for the fallback chain.
      return zone;
    }
    throw noForecastFor(zone, zones);
  }

  /** The usage error for a zone with no data, naming the zones that have some. */
  private ParameterException noForecastFor(String zone, java.util.Collection<String> known) {
    return usage(
        "--zone: no forecast for zone '"
            + zone
            + "'"
            + (source == null ? "" : " from " + source)
            + "; "
            + Suggestions.knownOrClosest(zone, known));
  }

  private static Instant periodStart(IntensitySeries series, Instant time) {
    long offset = Duration.between(series.start(), time).toNanos() / series.step().toNanos();
    return series.timeOf((int) offset);
  }

  private void printText(
      PrintWriter out,
      IntensitySeries series,
      Instant from,
      Instant until,
      Optional<CleanestWindow.Window> cleanest,
      int width) {
    say(
        out,
        width,
        String.format(
            "%s · %s · %s %s, gCO2e/kWh, %s steps",
            series.zone(),
            series.source(),
            series.signal().name().toLowerCase(Locale.ROOT),
            series.kind().name().toLowerCase(Locale.ROOT),
            DurationText.format(series.step())));
    out.printf("%s → %s%n%n", MINUTE.format(from), MINUTE.format(until));
    ForecastChart.render(
            series, from, until, cleanest.map(w -> new Instant[] {w.start(), w.end()}), width)
        .forEach(out::println);
    out.println();
    double now = series.gramsPerKwhAt(from);
    Summary summary = summary(series, from, until);
    say(
        out,
        width,
        String.format(
            "now %s · min %s at %s · max %s at %s · mean %s",
            grams(now),
            grams(summary.min),
            MINUTE.format(summary.minAt),
            grams(summary.max),
            MINUTE.format(summary.maxAt),
            grams(summary.mean)));
    cleanest.ifPresent(
        window ->
            say(
                out,
                width,
                String.format(
                    "cleanest %s window (^): %s to %s, mean %s gCO2e/kWh, %s",
                    DurationText.format(duration),
                    MINUTE.format(window.start()),
                    MINUTE.format(window.end()),
                    grams(window.meanGramsPerKwh()),
                    againstStartingNow(series, from, window))));
    if (series.parts().size() > 1) {
      out.println("data:");
      for (SeriesPart part : series.parts()) {
        WrappedText.hanging(part.source(), width, "  from " + MINUTE.format(part.from()) + "  ")
            .forEach(out::println);
      }
    }
  }

  /** A line of prose, wrapped to {@code width} with its continuation lines indented. */
  private static void say(PrintWriter out, int width, String text) {
    WrappedText.lines(text, width, "", "  ").forEach(out::println);
  }

  private String againstStartingNow(
      IntensitySeries series, Instant from, CleanestWindow.Window window) {
    if (window.start().equals(from)) {
      return "starting now: no later start is cleaner";
    }
    double startingNow = series.meanGramsPerKwh(from, from.plus(duration));
    if (Double.isNaN(startingNow) || startingNow <= 0) {
      return "not comparable with starting now (no data for now)";
    }
    return Math.round((1 - window.meanGramsPerKwh() / startingNow) * 100) + "% below starting now";
  }

  private static String grams(double value) {
    return Double.isNaN(value) ? "n/a" : Numbers.fixed(value, 0);
  }

  private record Summary(double min, Instant minAt, double max, Instant maxAt, double mean) {}

  private static Summary summary(IntensitySeries series, Instant from, Instant until) {
    double min = Double.NaN;
    double max = Double.NaN;
    Instant minAt = from;
    Instant maxAt = from;
    for (int i = 0; i < series.size(); i++) {
      Instant start = series.timeOf(i);
      double value = series.gramsPerKwh(i);
      if (start.isBefore(from) || !start.isBefore(until) || Double.isNaN(value)) {
        continue;
      }
      if (Double.isNaN(min) || value < min) {
        min = value;
        minAt = start;
      }
      if (Double.isNaN(max) || value > max) {
        max = value;
        maxAt = start;
      }
    }
    return new Summary(min, minAt, max, maxAt, series.meanGramsPerKwh(from, until));
  }

  private Map<String, Object> json(
      IntensitySeries series,
      Instant from,
      Instant until,
      Optional<CleanestWindow.Window> cleanest) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("zone", series.zone());
    document.put("source", series.source());
    document.put("signal", series.signal().name().toLowerCase(Locale.ROOT));
    document.put("kind", series.kind().name().toLowerCase(Locale.ROOT));
    document.put("stepMinutes", series.step().toMinutes());
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Instant start = series.timeOf(i);
      if (start.isBefore(from) || !start.isBefore(until)) {
        continue;
      }
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("start", start.toString());
      double value = series.gramsPerKwh(i);
      point.put("gramsPerKwh", Double.isNaN(value) ? null : value);
      points.add(point);
    }
    document.put("points", points);
    List<Map<String, Object>> parts = new ArrayList<>();
    for (SeriesPart part : series.parts()) {
      parts.add(Map.of("from", part.from().toString(), "source", part.source()));
    }
    document.put("parts", parts);
    cleanest.ifPresent(
        window -> {
          Map<String, Object> best = new LinkedHashMap<>();
          best.put("start", window.start().toString());
          best.put("end", window.end().toString());
          best.put("meanGramsPerKwh", window.meanGramsPerKwh());
          best.put("startingNowGramsPerKwh", series.meanGramsPerKwh(from, from.plus(duration)));
          document.put("cleanestWindow", best);
        });
    return document;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
