package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.forecasts.accuracy.AccuracyRow;
import io.carbonq.forecasts.accuracy.ForecastAccuracy;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.chain.ForecastCache;
import io.carbonq.scheduler.cli.TextTable.Column;
import io.carbonq.scheduler.forecast.ForecastSources;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code carbonq forecast accuracy}: the forecasts carbonq fetched, against what was measured
 * since.
 */
@Command(
    name = "accuracy",
    description = {
      "Compare the forecasts carbonq has fetched (kept in its forecast cache) with the measured"
          + " intensity for the same periods: MAPE and bias per source, zone and lead time."
    },
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class ForecastAccuracyCommand implements Callable<Integer> {

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      completionCandidates = Completions.Zones.class,
      description = "only this grid zone")
  String zone;

  @Option(names = "--source", paramLabel = "SOURCE", description = "only this source's forecasts")
  String source;

  @Option(
      names = "--actuals",
      paramLabel = "SOURCE",
      description = "where the measured values come from (default: the configured chain)")
  String actualsSource;

  @Mixin OutputOption output;

  @Mixin ConfigOption config;

  private final CliContext context;

  ForecastAccuracyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    output.refuseName("errors by source, zone and lead time");
    CarbonqConfig configuration = config.load();
    ForecastSources sources = context.forecastSources(configuration);
    ForecastSource actuals =
        actualsSource == null ? sources.chain() : sources.source(actualsSource);
    List<ForecastCache.Entry> issued = new ArrayList<>();
    for (ForecastCache.Entry entry : sources.cache().archived()) {
      if ((zone == null || entry.series().zone().equalsIgnoreCase(zone))
          && (source == null || entry.sourceId().equals(source))) {
        issued.add(entry);
      }
    }
    Instant now = context.clock().instant();
    Map<String, IntensitySeries> measured = new TreeMap<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (Map.Entry<String, Instant[]> span : spans(issued, now).entrySet()) {
      try {
        measured.put(
            span.getKey(), actuals.actuals(span.getKey(), span.getValue()[0], span.getValue()[1]));
      } catch (ForecastException e) {
        skipped.put(span.getKey(), e.getMessage());
      }
    }
    List<AccuracyRow> rows = ForecastAccuracy.measure(issued, measured);
    if (output.document()) {
      output.print(context.out(), json(issued.size(), rows, skipped));
    } else {
      printText(context.out(), sources, issued.size(), rows, skipped, output.wide());
    }
    return 0;
  }

  /** Per zone, from the first forecast period to the last one that is over. */
  private static Map<String, Instant[]> spans(List<ForecastCache.Entry> issued, Instant now) {
    Map<String, Instant[]> spans = new TreeMap<>();
    for (ForecastCache.Entry entry : issued) {
      IntensitySeries series = entry.series();
      Instant end = series.end().isBefore(now) ? series.end() : now;
      if (!end.isAfter(series.start())) {
        continue;
      }
      spans.merge(
          series.zone(),
          new Instant[] {series.start(), end},
          (a, b) ->
              new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
    }
    return spans;
  }

  private void printText(
      PrintWriter out,
      ForecastSources sources,
      int forecasts,
      List<AccuracyRow> rows,
      Map<String, String> skipped,
      boolean wide) {
    int width = context.terminal().width(wide);
    say(
        out,
        width,
        Numbers.count(forecasts, "archived forecast") + " in " + sources.cache().directory());
    out.println();
    if (rows.isEmpty()) {
      say(
          out,
          width,
          "Nothing to compare yet: forecasts are archived when carbonq fetches them"
              + " (carbonq forecast, the service), and compared once their periods are over.");
    } else {
      TextTable table =
          new TextTable(
              Column.of("source").cut(16),
              Column.of("zone"),
              Column.of("lead time"),
              Column.of("periods>").optional(1),
              Column.of("MAPE>"),
              Column.of("bias g/kWh>"));
      for (AccuracyRow row : rows) {
        table.add(
            row.source(),
            row.zone(),
            row.leadBand(),
            Integer.toString(row.points()),
            Numbers.fixed(row.mapePercent(), 1) + "%",
            (row.biasGramsPerKwh() >= 0 ? "+" : "") + Numbers.fixed(row.biasGramsPerKwh(), 1));
      }
      table.print(out, context.terminal().layout(wide));
    }
    skipped.forEach(
        (zone, why) -> {
          out.println();
          say(out, width, "no actuals for " + zone + ": " + why);
        });
  }

  private static void say(PrintWriter out, int width, String text) {
    WrappedText.lines(text, width, "", "  ").forEach(out::println);
  }

  private static Map<String, Object> json(
      int forecasts, List<AccuracyRow> rows, Map<String, String> skipped) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("forecasts", forecasts);
    List<Map<String, Object>> items = new ArrayList<>();
    for (AccuracyRow row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("source", row.source());
      item.put("zone", row.zone());
      item.put("leadTime", row.leadBand());
      item.put("periods", row.points());
      item.put("mapePct", Numbers.round(row.mapePercent(), 2));
      item.put("biasGramsPerKwh", Numbers.round(row.biasGramsPerKwh(), 2));
      items.add(item);
    }
    document.put("rows", items);
    document.put("skipped", skipped);
    return document;
  }
}
