package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {
  static final Instant NOW = Instant.parse("2026-11-27T13:20:00Z");
  static final String ESTIMATE = "estimate --gpu A100 --gpus 8 --hours 12 ";

  record Result(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  static Result run(String... args) {
    return runOn(Terminal.PIPE, args);
  }

  /** Runs the command line printing to {@code terminal}. */
  static Result runOn(Terminal terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    CliContext context =
        new CliContext(
            clock,
            new PrintWriter(out),
            new PrintWriter(err),
            java.util.Map.of(),
            java.nio.file.Path.of("target", "cli-test-cache"),
            terminal);
    int exit = new Cli(context).run(args);
    return new Result(exit, out.toString(), err.toString());
  }

  static Result run(String line) {
    return run(line.trim().split("\\s+"));
  }

  @Test
  void estimatePrintsOneJsonObjectWhoseFiguresAddUp() throws Exception {
    Result result = run(ESTIMATE + "--region gcp:europe-west4 --at 2023-06-01T00:00Z -o json");

    assertThat(result.exit()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("zone").asText()).isEqualTo("NL");
    assertThat(json.get("gramsPerKwh").asDouble()).isEqualTo(208.81);
    assertThat(json.get("energyKwh").asDouble()).isCloseTo(8 * 0.4 * 12 * 1.09, within(1e-3));
    assertThat(json.get("kgCo2e").asDouble())
        .isCloseTo(
            json.get("energyKwh").asDouble() * json.get("gramsPerKwh").asDouble() / 1000,
            within(1e-3));
    assertThat(json.get("bestAlternative").get("savingPct").asDouble()).isPositive();
  }

  @Test
  void completionOffersGpuModelsRegionsAndZones() {
    String script = run("generate-completion").out();

    assertThat(script)
        .contains("\"H100\"")
        .contains("\"aws:us-east-1\"")
        .contains("\"US-CAL-CISO\"");
    assertThat(run("estimate", "--help").out()).doesNotContain("aws:us-east-1, ");
  }

  @Test
  void estimateAsYamlHoldsTheSameDocumentAsJson() throws Exception {
    String line = ESTIMATE + "--region gcp:europe-west4 --at 2023-06-01T00:00Z -o ";
    Result yaml = run(line + "YAML");

    assertThat(yaml.exit()).isZero();
    assertThat(yaml.out()).doesNotStartWith("{").contains("kgCo2e: ");
    assertThat(
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(yaml.out()))
        .isEqualTo(run(line + "json").json());
  }

  @Test
  void estimateByZoneWithItsOwnPueAndTheClockAsDefaultStart() throws Exception {
    Result result = run(ESTIMATE + "--zone de --pue 1.25 -o json");

    assertThat(result.exit()).isZero();
    assertThat(result.json().get("zone").asText()).isEqualTo("DE");
    assertThat(result.json().get("region").isNull()).isTrue();
    assertThat(result.json().get("bestSamePlace").get("region").isNull()).isTrue();
    assertThat(result.json().get("pue").asDouble()).isEqualTo(1.25);
    assertThat(run(ESTIMATE + "--zone de --pue 1.25").out())
        .startsWith("8 × A100 for 12h in zone DE (PUE 1.25), from ");
    assertThat(result.json().get("start").asText()).isEqualTo(NOW.toString());
    assertThat(result.json().get("intensitySource").asText()).contains("replayed");
  }

  @Test
  void estimateTextNamesEnergyEmissionsSourceAndTheAlternative() {
    Result result = run(ESTIMATE + "--region gcp:europe-west3 --at 2023-06-01T00:00Z");

    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .contains(
            "8 × A100 for 12h in gcp:europe-west3 (zone DE, PUE 1.10), from 2023-06-01 00:00 UTC")
        .contains("energy     38.40 kWh on the GPUs, 42.24 kWh with PUE 1.10")
        .contains("(electricitymaps-trace 2023, perfect forecast)")
        .contains("anywhere    run in ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          estimate --gpu A1OO --hours 1 --zone DE               | --gpu: unknown GPU model 'A1OO'; did you mean A100 or A10G? known: A100, A100-PCIE, A10G
          estimate --gpu A100 --hours 1                         | Missing required argument (specify one of these): (--region=REGION | --zone=ZONE)
          estimate --gpu A100 --hours 1 --zone DE --region x    | mutually exclusive
          estimate --gpu A100 --hours 0 --zone DE               | --hours must be more than 0 and at most 8760, got 0.0
          estimate --gpu A100 --hours 1 --gpus -2 --zone DE     | --gpus must be between 1 and 100000, got -2
          estimate --gpu A100 --hours 1 --zone DE --pue 0.5     | --pue must be between 1.0 and 3.0, got 0.5
          estimate --gpu A100 --hours 1 --zone DE --at tomorrow | 'tomorrow' is not a time; use ISO-8601 with a zone, e.g. 2023-06-01T00:00Z
          estimate --gpu A100 --hours 1 --zone DE --within 3days | '3days' is not a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00
          estimate --gpu A100 --hours 1 --zone DE -o toml       | expected one of [text, wide, name, json, yaml]
          estimate --gpu A100 --hours 1 --zone DE -o name       | -o name prints the ids of a list, and estimate prints one estimate
          forecast --zone GB -o name                            | -o name prints the ids of a list, and forecast prints one forecast
          estimate --gpu A100 --hours 1 --zone QQQQ             | --zone: no carbon-intensity data for zone 'QQQQ'; known: AU-NSW
          estimate --gpu A100 --hours 1 --region gcp:europe-wset4 | --region: unknown region 'gcp:europe-wset4'; did you mean gcp:europe-west4?
          demp                                                  | Did you mean: carbonq demo
          simulate --scenario nope                              | --scenario: unknown scenario 'nope'; known: main, parity-nightly, parity-ml
          simulate --scenario nope --seed 2                     | --scenario: unknown scenario 'nope'; known: main, parity-nightly, parity-ml
          simulate --forecast F9                                | forecast mode must be F0, F1, F2:<MAPE %>, F3 or F4, got F9
          simulate --policies B0,B9                             | --policies: unknown policy 'B9'; known: B0, B1-p30, B1-p50, B2, B3, B4, B5, B6, S, O1, O2, O3, S-whole, S-pinned, S+echo, S:<reserve share>
          simulate --capacity-target 0                          | --capacity-target must be between 0 and 1, got 0.0
          simulate --copies 0                                   | --copies must be between 1 and 20, got 0
          simulate --zones DE,XX                                | --zones: no bundled trace for zone 'XX'
          simulate --scenario parity-ml --job-sets 0            | --job-sets must be between 1 and 100, got 0
          simulate --scenario parity-ml --duration-error 0.3    | --duration-error applies to --scenario main only: parity-ml replays a published experiment as it was; leave --duration-error out
          simulate --scenario parity-nightly --policies S       | --policies applies to --scenario main only
          simulate --scenario parity-nightly --seed 2           | --seed applies to --scenario main only
          simulate --scenario parity-nightly --job-sets 3       | --job-sets applies to --scenario parity-ml only; leave it out
          simulate --job-sets 3                                 | --job-sets applies to --scenario parity-ml only; leave it out for main
          demo --now 2023-13-01                                  | '2023-13-01' is not a time
          """)
  void badInputExitsWithTwoAndSaysWhatIsAllowed(String line, String message) {
    Result result = run(line);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(message).contains("--help");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aMissingPlaceIsSaidOnceAsAnError() {
    Result result = run(ESTIMATE);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "error: Missing required argument (specify one of these): (--region=REGION | --zone=ZONE)");
  }

  @Test
  void everyCommandTakesItsOutputFormatInAnyCaseAndPrintsHelpToItsOutput() {
    Result list = run("list -o JSON --server http://127.0.0.1:1");
    Result help = run("list --help");

    assertThat(list.err()).doesNotContain("Invalid value").contains("cannot reach");
    assertThat(list.exit()).isEqualTo(Cli.FAILURE);
    assertThat(help.out()).contains("--all-owners");
  }

  @Test
  void noCommandIsAUsageError() {
    Result result = run(new String[0]);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("a command is needed");
  }

  @Test
  void anInvalidConfigFileListsEveryErrorAndExitsWithTwo(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("carbonq.yaml");
    Files.writeString(
        config,
        "pools:\n  - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: -4}\npolicy: {step: soon}\n");

    Result result = run("demo", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains("pools[0].gpus: must be > 0, got -4")
        .contains(
            "policy.step: must be a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00, got 'soon'");
  }

  @Test
  void demoPrintsOneJsonObjectWithTheTotals() throws Exception {
    Result result = run("demo -o json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("jobs").asInt()).isGreaterThanOrEqualTo(20);
    assertThat(json.get("deadlineMisses").asInt()).isZero();
    assertThat(json.get("realisedKgCo2e").asDouble())
        .isPositive()
        .isLessThan(json.get("runNowKgCo2e").asDouble());
    assertThat(json.get("plannedKgCo2e").asDouble()).isPositive();
    assertThat(json.get("decisions")).hasSize(json.get("jobs").asInt());
  }

  @Test
  void demoTextShowsThePlanTheReasonsAndTheReplay() {
    Result result = run("demo");

    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .contains("JOB", "REGION", "START", "WAIT", "NOW kgCO2e")
        .contains("lr-sweep-015")
        .contains("Why:")
        .contains("run now")
        .contains("deadlines         0 missed");
  }

  @Test
  void simulateParityNightlyPrintsEveryZoneAndWindowAsJson() throws Exception {
    Result result = run("simulate --scenario parity-nightly -o json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("scenario").asText()).isEqualTo("parity-nightly");
    assertThat(json.get("results")).hasSize(15);
    JsonNode germany8h = json.get("results").get(4);
    assertThat(germany8h.get("zone").asText()).isEqualTo("DE");
    assertThat(germany8h.get("windowHours").asInt()).isEqualTo(8);
    assertThat(germany8h.get("reductionPct").asDouble()).isCloseTo(13.5, within(0.2));
  }

  @Test
  void simulateMainOnAFewWorkloadsPrintsEveryPolicy() throws Exception {
    Result result = run("simulate --copies 1 --limit 150 --policies B0,B2,S,O1,O2 -o json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode policies = result.json().get("policies");
    assertThat(policies)
        .extracting(p -> p.get("id").asText())
        .containsExactly("B0", "B2", "S", "O1", "O2");
    assertThat(policies.get(0).get("reductionPct").asDouble()).isZero();
    assertThat(policies.get(2).get("completedGpuHours").asDouble())
        .isEqualTo(policies.get(0).get("completedGpuHours").asDouble());
    assertThat(result.err()).contains("simulating 150 workloads");
  }

  @Test
  void simulateMainAsTextPrintsARowPerPolicyAndTheOracleRow() {
    Result result = run("simulate --copies 1 --limit 150 --policies B0,O1");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .anySatisfy(line -> assertThat(line).startsWith("POLICY"))
        .anySatisfy(line -> assertThat(line).startsWith("B0 "))
        .anySatisfy(line -> assertThat(line).startsWith("O1 ").endsWith("-"));
  }

  @Test
  void simulateWithALimitShrinksThePoolsUnlessToldNotAndSaysSoInTheHeader() throws Exception {
    Result scaled = run("simulate --copies 1 --limit 150 --policies B0");
    Result raw = run("simulate --copies 1 --limit 150 --policies B0 --no-scale-pools -o json");

    assertThat(scaled.exit()).as(scaled.err()).isZero();
    assertThat(scaled.out().lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches("Pools: [0-9]+ GPUs in 8 regions, scaled from [0-9]+ to the 150 .*")
                    .contains("load ")
                    .endsWith("% of capacity while work arrives"));
    assertThat(raw.exit()).as(raw.err()).isZero();
    assertThat(raw.json().get("offeredLoad").asDouble()).isLessThan(0.2);
    assertThat(raw.json().get("policies").get(0).get("utilisation").asDouble()).isLessThan(0.2);
  }

  @Test
  void simulateInAPipePrintsALinePerPolicyAndQuietNothing() {
    Result progress = run("simulate --copies 1 --limit 150 --policies B0,O1");
    Result quiet = run("simulate --copies 1 --limit 150 --policies B0,O1 -q");

    assertThat(progress.err().lines())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("B0  ").contains("done in"))
        .satisfies(lines -> assertThat(lines.get(2)).startsWith("O1  ").contains("done in"));
    assertThat(quiet.exit()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).isEqualTo(progress.out());
  }

  @Test
  void theForecastCacheIsUnderXdgCacheHomeElseHomeElseTheJvmsHome() {
    assertThat(
            CliContext.defaultCacheDirectory(
                Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/ada"), "/root"))
        .isEqualTo(Path.of("/xdg/carbonq/forecasts"));
    assertThat(CliContext.defaultCacheDirectory(Map.of("HOME", "/home/ada"), "/root"))
        .isEqualTo(Path.of("/home/ada/.cache/carbonq/forecasts"));
    assertThat(CliContext.defaultCacheDirectory(Map.of("HOME", " "), "/root"))
        .isEqualTo(Path.of("/root/.cache/carbonq/forecasts"));
  }

  @Test
  void versionAndHelpExitWithZero() {
    assertThat(run("--version").exit()).isZero();
    assertThat(run("estimate --help").out()).contains("--gpu=MODEL", "--within=DURATION");
  }

  @Test
  void aHugeSpecOrConfigurationFileIsBadInputNotAnOutOfMemoryError(@TempDir Path dir)
      throws Exception {
    Path huge = dir.resolve("huge.yaml");
    try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(1L << 30);
    }
    String server = "--server=http://127.0.0.1:9";

    for (String[] args :
        new String[][] {
          {"submit", "-f", huge.toString(), server},
          {"plan", "-f", huge.toString(), server},
          {"sweep", huge.toString(), server},
          {"demo", "--config", huge.toString()}
        }) {
      Result result = run(args);

      assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(Cli.BAD_INPUT);
      assertThat(result.err())
          .as(String.join(" ", args))
          .contains(huge + "")
          .containsPattern("is larger than (256 KiB|1 MiB)")
          .doesNotContain("Exception", "\tat ");
    }
    if (Files.isReadable(Path.of("/dev/zero"))) {
      assertThat(run("submit", "-f", "/dev/zero", server).err())
          .startsWith("error: /dev/zero: is larger than 256 KiB");
    }
  }
}
