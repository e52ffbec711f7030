package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.scheduler.api.ApiServer;
import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.service.QueueService;
import io.carbonq.scheduler.service.SimulatedExecutor;
import io.carbonq.scheduler.store.Database;
import io.carbonq.scheduler.store.FootprintStore;
import io.carbonq.scheduler.store.JdbcQueueStore;
import io.carbonq.scheduler.store.TokenStore;
import io.carbonq.scheduler.testing.MovableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finished jobs' footprints, computed by the service and printed by `carbonq report`. */
class ReportTest {
  static final Instant MONDAY = Instant.parse("2023-03-13T08:00:00Z");
  final MovableClock clock = new MovableClock(MONDAY);
  Fleet fleet;
  ForecastSource traces;
  Database database;
  QueueService service;
  ApiServer api;
  Map<String, String> environment;

  @BeforeEach
  void start() {
    startWith(ConfigLoader.bundledDefault());
  }

  void startWith(io.carbonq.config.CarbonqConfig config) {
    fleet = new Fleet(config);
    traces = new ForecastSources(fleet.config(), Map.of(), clock, Path.of("unused")).chain();
    database = Database.inMemory("report-" + UUID.randomUUID());
    service =
        new QueueService(
            new JdbcQueueStore(database.dataSource()),
            fleet,
            traces,
            new SimulatedExecutor(1),
            clock,
            Optional.of(
                new QueueService.Footprints(
                    new FootprintStore(database.dataSource()),
                    io.carbonq.scheduler.energy.EnergyMeter.NONE)));
    TokenStore tokens = new TokenStore(database.dataSource());
    String token =
        tokens.create("ada", EnumSet.of(TokenStore.Scope.READ, TokenStore.Scope.SUBMIT), MONDAY);
    api = new ApiServer(service, tokens, () -> {});
    environment =
        Map.of(
            "CARBONQ_SERVER",
            "http://127.0.0.1:" + api.start("127.0.0.1", 0),
            "CARBONQ_TOKEN",
            token,
            "HOME",
            "/nonexistent");
  }

  @AfterEach
  void stop() {
    api.close();
    database.close();
  }

  /** A job of ada's, under the key the API files it by. */
  static Workload job(String name) {
    return Workload.builder(JobKeys.key("ada", name))
        .owner("ada")
        .image("t:1")
        .gpus(8)
        .gpuModels(Set.of("A100"))
        .duration(Duration.ofHours(4))
        .earliestStart(MONDAY)
        .deadline(MONDAY.plus(Duration.ofHours(30)))
        .regions(List.of("aws:us-east-1", "gcp:us-west2", "gcp:europe-west3"))
        .home("aws:us-east-1")
        .build();
  }

  String run(String... args) {
    return runOn(Terminal.PIPE, args);
  }

  String runOn(Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new Cli(
                new CliContext(
                    clock,
                    new PrintWriter(out),
                    new PrintWriter(err),
                    environment,
                    Path.of("unused"),
                    terminal))
            .run(args);
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  void runToTheEnd() {
    service.planCycle();
    for (int hour = 0; hour < 40; hour++) {
      service.dispatchDue();
      service.syncExecutor();
      clock.now = clock.now.plus(Duration.ofMinutes(30));
    }
    service.syncExecutor();
  }

  @Test
  void aFinishedJobsFootprintUsesTheMeasuredIntensityAndTheHomeCounterfactual() throws Exception {
    service.submit(job("train-a"), Optional.empty());
    runToTheEnd();

    JsonNode report = new ObjectMapper().readTree(run("report", "train-a", "-o", "json"));

    // No meter here: 8 A100 at 400 W for 4 h, flagged as an estimate.
    assertThat(report.path("energyKwh").asDouble()).isCloseTo(12.8, within(1e-6));
    assertThat(report.path("energyMeasured").asBoolean()).isFalse();
    assertThat(report.path("gpuEnergy").asText()).isEqualTo("estimated");
    assertThat(report.path("hostEnergy").asText()).isEqualTo("not counted");
    assertThat(report.path("hostKwh").asDouble()).isZero();
    assertThat(report.path("cost").isNull()).as("the bundled pools state no price").isTrue();
    Instant start = Instant.parse(report.path("start").asText());
    String zone = report.path("zone").asText();
    double mean =
        traces
            .actuals(zone, start.minus(Duration.ofHours(1)), start.plus(Duration.ofHours(5)))
            .meanGramsPerKwh(start, start.plus(Duration.ofHours(4)));
    assertThat(report.path("kgCo2e").asDouble())
        .isCloseTo(12.8 * mean * report.path("pue").asDouble() / 1000, within(0.002));
    double home =
        traces
            .actuals("US-MIDA-PJM", MONDAY, MONDAY.plus(Duration.ofHours(5)))
            .meanGramsPerKwh(MONDAY, MONDAY.plus(Duration.ofHours(4)));
    assertThat(report.path("runNowIn").asText()).isEqualTo("aws:us-east-1");
    assertThat(report.path("runNowBasis").asText()).isEqualTo("home");
    assertThat(report.path("runNowKgCo2e").asDouble())
        .isCloseTo(12.8 * home * 1.135 / 1000, within(0.002));
    assertThat(report.path("savedKgCo2e").asDouble()).isPositive();

    // SCI: 8 A100 held 4 h = 32 GPU-h of the bundled 462.5 kg per device over 35,040 h.
    double kg = report.path("kgCo2e").asDouble();
    JsonNode sci = report.path("sci");
    assertThat(sci.path("embodiedKgCo2e").asDouble()).isCloseTo(462.5 * 32 / 35_040, within(1e-3));
    assertThat(sci.path("kgCo2ePerRun").asDouble())
        .isCloseTo(kg + 462.5 * 32 / 35_040, within(2e-3));
    assertThat(sci.path("functionalUnit").asText()).isEqualTo("one training run");
    assertThat(report.path("locationBasedKgCo2e").asDouble()).isEqualTo(kg);
    String region = report.path("region").asText();
    var share = fleet.config().region(region).orElseThrow().carbonFreeShare();
    if (share.isPresent()) {
      assertThat(report.path("marketBasedKgCo2e").asDouble())
          .isCloseTo(kg * (1 - share.getAsDouble()), within(2e-3));
    } else {
      assertThat(report.path("marketBasedKgCo2e").isNull()).isTrue();
    }
    assertThat(run("report", "train-a"))
        .contains("host not counted: kWh is the GPUs' alone")
        .contains("kgCO2e is location-based")
        .contains("SCI (ISO/IEC 21031:2024");

    // CodeCarbon's emissions.csv: its 31 columns, one row, the same figures.
    List<String> csv = run("report", "train-a", "-o", "codecarbon").lines().toList();
    assertThat(csv).hasSize(2);
    assertThat(csv.get(0))
        .startsWith("timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,")
        .endsWith(",ram_total_size,tracking_mode,on_cloud,pue");
    String[] cells = csv.get(1).split(",", -1);
    assertThat(cells).hasSize(31);
    assertThat(cells[2]).isEqualTo("train-a");
    assertThat(Double.parseDouble(cells[3])).isCloseTo(4 * 3600, within(1.0));
    assertThat(Double.parseDouble(cells[4])).isEqualTo(kg);
    assertThat(Double.parseDouble(cells[10])).isCloseTo(12.8, within(1e-6));
    assertThat(Double.parseDouble(cells[7])).as("gpu_power, W").isCloseTo(3200, within(1.0));
    assertThat(cells[23]).isEqualTo("8");
    assertThat(cells[24]).isEqualTo("8 x A100");

    impactManifestRecomputesTheScore(sci.path("kgCo2ePerRun").asDouble());
  }

  /**
   * The Impact Framework manifest: its inputs give back the figures, and where the framework's
   * {@code if-run} is installed (.ci/run installs it from npm; {@code IF_RUN} names it), running it
   * gives carbonq's SCI.
   */
  void impactManifestRecomputesTheScore(double sciKg) throws Exception {
    String yaml = run("report", "train-a", "-o", "impact");
    JsonNode manifest =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
    JsonNode input = manifest.path("tree").path("children").path("train-a").path("inputs").get(0);
    double operational =
        input.path("energy-it").asDouble()
            * input.path("pue").asDouble()
            * input.path("grid/carbon-intensity").asDouble();
    double embodied =
        input.path("device/emissions-embodied").asDouble()
            * input.path("device/hours-reserved").asDouble()
            / input.path("device/expected-lifespan-hours").asDouble();
    assertThat((operational + embodied) / 1000).isCloseTo(sciKg, within(2e-3));
    assertThat(manifest.path("initialize").path("plugins").path("sci").path("method").asText())
        .isEqualTo("Sci");

    String ifRun = System.getenv().getOrDefault("IF_RUN", "");
    if (ifRun.isEmpty() || !java.nio.file.Files.isExecutable(Path.of(ifRun))) {
      System.out.println("if-run not installed (IF_RUN): the manifest was not run");
      return;
    }
    Path dir = java.nio.file.Files.createTempDirectory("impact");
    java.nio.file.Files.writeString(dir.resolve("manifest.yml"), yaml);
    Process process =
        new ProcessBuilder(ifRun, "-m", "manifest.yml", "-o", "out")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(log).isZero();
    JsonNode output =
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(dir.resolve("out.yaml").toFile());
    double recomputed =
        output
            .path("tree")
            .path("children")
            .path("train-a")
            .path("outputs")
            .get(0)
            .path("sci")
            .asDouble();
    assertThat(recomputed / 1000).as("if-run's SCI, kgCO2e").isCloseTo(sciKg, within(2e-3));
  }

  @Test
  void withoutAHomeTheRunNowIsWhereItRanStartedAtSubmission() throws Exception {
    Workload homeless =
        Workload.builder(JobKeys.key("ada", "train-b"))
            .like(job("train-b"))
            .home(Optional.empty())
            .build();
    service.submit(homeless, Optional.empty());
    runToTheEnd();

    JsonNode report = new ObjectMapper().readTree(run("report", "train-b", "-o", "json"));

    String region = report.path("region").asText();
    double thereAtSubmission =
        traces
            .actuals(report.path("zone").asText(), MONDAY, MONDAY.plus(Duration.ofHours(5)))
            .meanGramsPerKwh(MONDAY, MONDAY.plus(Duration.ofHours(4)));
    assertThat(report.path("runNowIn").asText()).isEqualTo(region);
    assertThat(report.path("runNowBasis").asText()).isEqualTo("where-it-ran");
    assertThat(report.path("runNowKgCo2e").asDouble())
        .isCloseTo(12.8 * thereAtSubmission * report.path("pue").asDouble() / 1000, within(0.002));
    assertThat(run("report", "train-b"))
        .contains("started at submission in " + region + " (where it ran; no home set)");
  }

  @Test
  void oneRunIsCountedInTheSingular() {
    service.submit(job("train-a"), Optional.empty());
    runToTheEnd();

    assertThat(run("report", "ada", "--owner")).contains("owner ada: 1 run, ");
    assertThat(run("report", "ada", "--owner", "-o", "markdown")).contains("| **1 run** |");
  }

  @Test
  void theReportPrintsAsThePapersTableInMarkdownAndLatex() {
    service.submit(
        new Sweep(JobKeys.key("ada", "lr"), job("lr"), Map.of("lr", List.of("0.001", "0.0003")), 2),
        Optional.empty());
    runToTheEnd();

    String markdown = run("report", "lr", "--sweep", "-o", "markdown");
    String latex = run("report", "lr", "--sweep", "-o", "latex");

    assertThat(markdown)
        .contains(
            "| Run | Hardware | GPU-h | Wall h | kWh | PUE | Region (zone) | kgCO2e | Run now kgCO2e | Saved |")
        .contains("| lr-000 | 8 × A100 | 32.00 | 4.00 | 12.80* |")
        .contains("| **2 runs** |")
        .contains("* energy estimated from rated GPU power");
    assertThat(latex)
        .contains("\\begin{tabular}")
        .contains("lr-000 & 8 $\\times$ A100 & 32.00 & 4.00 & 12.80* &")
        .contains("2 runs &");
    String byOwner = run("report", "ada", "--owner");
    assertThat(byOwner).contains("lr-000").contains("lr-001").contains("owner ada: 2 runs");
  }

  @Test
  void theReportFitsEightyColumnsWideShowsEveryColumnAndNamesItsRuns() {
    service.submit(
        new Sweep(JobKeys.key("ada", "lr"), job("lr"), Map.of("lr", List.of("0.001", "0.0003")), 2),
        Optional.empty());
    runToTheEnd();

    String table = runOn(Terminal.ofColumns(80), "report", "lr", "--sweep");
    String wide = runOn(Terminal.ofColumns(80), "report", "lr", "--sweep", "-o", "wide");

    assertThat(table.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("RUN", "HARDWARE", "GPU-H", "kWh", "REGION (ZONE)", "kgCO2e", "SAVED");
    assertThat(table).contains("lr-000", "lr-001", "sweep lr: 2 runs");
    assertThat(wide.lines().findFirst().orElseThrow()).contains("WALL H", "PUE", "NOW kgCO2e");
    assertThat(run("report", "lr", "--sweep", "-o", "name").lines())
        .containsExactly("lr-000", "lr-001");
  }

  @Test
  void aPoolWithANodeTypeAndAPriceReportsTheEstimatedHostShareAndTheCost() throws Exception {
    stop();
    startWith(
        ConfigLoader.parse(
            """
            pools:
              - {name: virginia-p4d, region: aws:us-east-1, gpuModel: A100, gpus: 16,
                 nodeType: p4d.24xlarge, pricePerGpuHour: 2.5}
            """,
            "t"));
    service.submit(
        new Sweep(JobKeys.key("ada", "lr"), job("lr"), Map.of("lr", List.of("0.001", "0.0003")), 2),
        Optional.empty());
    runToTheEnd();

    JsonNode report = new ObjectMapper().readTree(run("report", "lr-000", "-o", "json"));

    // 8 A100 × 400 W × 4 h = 12.8 kWh of GPU; the host: 8 × 81.888 W (p4d.24xlarge, CCF) × 4 h
    // = 2.620416 kWh; 32 GPU-h × 2.50 USD = 80.00 USD.
    assertThat(report.path("gpuKwh").asDouble()).isCloseTo(12.8, within(1e-4));
    assertThat(report.path("gpuEnergy").asText()).isEqualTo("estimated");
    assertThat(report.path("hostKwh").asDouble()).isCloseTo(2.6204, within(1e-4));
    assertThat(report.path("hostEnergy").asText()).isEqualTo("estimated");
    assertThat(report.path("energyKwh").asDouble()).isCloseTo(15.4204, within(1e-4));
    assertThat(report.path("energySource").asText())
        .endsWith(
            "; host estimated: 8 × 81.9 W per GPU (p4d.24xlarge: 96 vCPU, 1152 GB, 8 GPUs (CCF"
                + " coefficients))");
    assertThat(report.path("cost").asDouble()).isEqualTo(80.0);
    assertThat(report.path("currency").asText()).isEqualTo("USD");
    assertThat(report.path("pricePerGpuHour").asDouble()).isEqualTo(2.5);

    JsonNode sweep = new ObjectMapper().readTree(run("report", "lr", "--sweep", "-o", "json"));
    assertThat(sweep.path("cost").asDouble()).isEqualTo(160.0);
    assertThat(sweep.path("currency").asText()).isEqualTo("USD");

    String markdown = run("report", "lr", "--sweep", "-o", "markdown");
    assertThat(markdown)
        .contains("| GPU kWh | Host kWh | Cost |")
        .contains("| lr-000 | 8 × A100 | 32.00 | 4.00 | 15.42* |")
        .contains("| 12.80 (est.) | 2.62 (est.) | 80.00 USD |")
        .contains("| | | 160.00 USD |")
        .doesNotContain("host not counted");
    assertThat(run("report", "lr", "--sweep", "-o", "latex"))
        .contains("12.80 (est.) & 2.62 (est.) & 80.00 USD \\\\")
        .contains("& & & 160.00 USD \\\\");
    assertThat(run("report", "lr", "--sweep")).contains("cost 160.00 USD");
  }
}
