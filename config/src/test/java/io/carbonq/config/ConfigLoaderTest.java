package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  /** The error lines for {@code yaml}, which must be refused. */
  static List<String> errorsOf(String yaml) {
    try {
      ConfigLoader.parse(yaml, "test.yaml");
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
    throw new AssertionError("expected the configuration to be rejected:\n" + yaml);
  }

  @Test
  void bundledDefaultLoadsWithPoolsInSeveralZonesAndTheOfflineSources() {
    CarbonqConfig config = ConfigLoader.bundledDefault();

    assertThat(config.pools()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(config.pools().stream().map(PoolConfig::gpuModel).distinct()).hasSizeGreaterThan(2);
    assertThat(
            config.pools().stream()
                .map(p -> config.region(p.region()).orElseThrow().zone())
                .distinct())
        .hasSizeGreaterThan(4);
    assertThat(config.sources())
        .extracting(SourceConfig::type)
        .containsExactly("trace", "annual-average");
    assertThat(config.policy().step()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void minimalFileGetsBundledRegionsGpusSourcesAndPolicyDefaults() {
    CarbonqConfig config =
        ConfigLoader.parse(
            "pools:\n  - {name: p, region: GCP:Europe-West4, gpuModel: a100-sxm4, gpus: 8}\n", "t");

    assertThat(config.pools()).containsExactly(new PoolConfig("p", "gcp:europe-west4", "A100", 8));
    assertThat(config.region("gcp:europe-west4").orElseThrow().zone()).isEqualTo("NL");
    assertThat(config.gpu("A100").orElseThrow().watts()).isEqualTo(400.0);
    assertThat(config.policy()).isEqualTo(PolicyConfig.defaults());
    assertThat(config.sources())
        .extracting(SourceConfig::type)
        .containsExactly("trace", "annual-average");
    assertThat(config.forecastCache()).isEqualTo(ForecastCacheConfig.defaults());
    assertThat(config.fallback()).isEmpty();
  }

  @Test
  void ownRegionsAndGpusOverrideAndExtendTheBundledOnes() {
    CarbonqConfig config =
        ConfigLoader.parse(
            """
            regions:
              - {name: gcp:europe-west4, zone: NL, pue: 1.5}
              - {name: onprem:basement, zone: DE, pue: 1.6, location: Berlin}
            gpus:
              - {model: MI300X, watts: 750, aliases: [instinct-mi300x]}
            pools:
              - {name: basement, region: onprem:basement, gpuModel: Instinct MI300X, gpus: 4}
            """,
            "t");

    assertThat(config.region("gcp:europe-west4").orElseThrow().pue()).isEqualTo(1.5);
    assertThat(config.region("onprem:basement").orElseThrow().zone()).isEqualTo("DE");
    assertThat(config.pools().get(0).gpuModel()).isEqualTo("MI300X");
  }

  @Test
  void pausingOfInterruptibleJobsCanBeTurnedOffAndItsResumeCostSet() {
    CarbonqConfig config =
        ConfigLoader.parse(
            """
            pools:
              - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 8}
            policy: {pauseInterruptible: false, resumeOverhead: 12m}
            """,
            "t");

    assertThat(config.policy().pauseInterruptible()).isFalse();
    assertThat(config.policy().resumeOverhead()).isEqualTo(Duration.ofMinutes(12));
    assertThat(PolicyConfig.defaults().pauseInterruptible()).isTrue();
    assertThat(
            errorsOf(
                """
                pools:
                  - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 8}
                policy: {pauseInterruptible: sometimes, resumeOverhead: 7h}
                """))
        .containsExactlyInAnyOrder(
            "policy.pauseInterruptible: must be true or false",
            "policy.resumeOverhead: must be at most 6h (the time a resumed job spends restoring"
                + " its checkpoint), got 7h");
  }

  @Test
  void homeIsNoneUnlessGivenAndThenNamesTheRegionAsConfigured() {
    String pools = "pools:\n  - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 8}\n";

    assertThat(ConfigLoader.parse(pools, "t").home()).isEmpty();
    assertThat(ConfigLoader.parse(pools + "home: GCP:Europe-West4\n", "t").home())
        .contains("gcp:europe-west4");
  }

  @Test
  void homeMustBeAKnownRegionWithAPool() {
    String pools =
        """
        pools:
          - {name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 8}
          - {name: q, region: gcp:us-west2, gpuModel: A100, gpus: 8}
        """;

    assertThat(errorsOf(pools + "home: gcp:europe-wset4\n"))
        .containsExactly(
            "home: unknown region 'gcp:europe-wset4'; use a region with a pool or leave home out;"
                + " did you mean gcp:europe-west4? known: gcp:europe-west4, gcp:us-west2");
    assertThat(errorsOf(pools + "home: aws:us-east-1\n"))
        .containsExactly(
            "home: no pool is in aws:us-east-1, so running there cannot be forecast; use a region"
                + " with a pool (gcp:europe-west4, gcp:us-west2) or leave home out");
    assertThat(errorsOf(pools + "home: [gcp:us-west2]\n"))
        .containsExactly("home: must be a non-empty text, got a list");
  }

  @Test
  void reportsEveryErrorAtOnceWithItsPathAndTheFix() {
    List<String> errors =
        errorsOf(
            """
            pools:
              - {name: a, region: gcp:europe-west4, gpuModel: A100, gpus: 8}
              - {name: a, region: gcp:europe-west9, gpuModel: H100, gpus: 2}
              - {name: c, region: gcp:europe-west4, gpuModel: A100, gpus: -4}
              - {name: d, region: gcp:europe-wset4, gpuModel: A100, gpus: 1}
              - {name: e, region: gcp:europe-west4, gpuModel: A1OO, gpus: 1, gpuz: 3}
            policy:
              step: 30 minutes
              gpuUtilisation: 1.5
            """);

    assertThat(errors)
        .containsExactlyInAnyOrder(
            "pools[1].name: 'a' is used by another pool; pool names must be unique",
            "pools[2].gpus: must be > 0, got -4",
            "pools[3].region: unknown region 'gcp:europe-wset4'; add it under 'regions:' or use a"
                + " known one; did you mean gcp:europe-west4? known: "
                + String.join(
                    ", ", ConfigLoader.bundledDefault().regionNames().stream().limit(20).toList())
                + ", … ("
                + ConfigLoader.bundledDefault().regionNames().size()
                + " in all)",
            "pools[4].gpuz: unknown field; did you mean gpus? known: name, region, gpuModel, gpus,"
                + " nodeType, hostWattsPerGpu, pricePerGpuHour, currency",
            "pools[4].gpuModel: unknown GPU model 'A1OO'; add it under 'gpus:' with its watts or"
                + " use a known one; did you mean A100 or A10G? known: "
                + String.join(", ", ConfigLoader.bundledDefault().gpuModels()),
            "policy.step: must be a duration such as 90m, 6h, 1h30m, 7d, PT6H, or as Slurm writes it, 06:00:00 or 1-12:00:00, got '30 minutes'",
            "policy.gpuUtilisation: must be between 0.01 and 1, got 1.5");
  }

  @Test
  void theBundledDefaultStatesNoHostPowerAndNoPriceSoItsFiguresStayGpuOnly() {
    assertThat(ConfigLoader.bundledDefault().pools())
        .allSatisfy(
            pool -> {
              assertThat(pool.host()).isEmpty();
              assertThat(pool.price()).isEmpty();
            });
  }

  @Test
  void aPoolStatesItsNodeTypeOrHostWattsAndItsPricePerGpuHour() {
    CarbonqConfig config =
        ConfigLoader.parse(
            """
            pools:
              - {name: p4d, region: aws:us-east-1, gpuModel: A100, gpus: 16,
                 nodeType: P4D.24xlarge, pricePerGpuHour: 2.5}
              - {name: own, region: aws:us-east-1, gpuModel: H100, gpus: 8,
                 nodeType: p5.48xlarge, hostWattsPerGpu: 120, pricePerGpuHour: 4, currency: USD}
              - {name: bare, region: aws:us-east-1, gpuModel: H100, gpus: 8}
            """,
            "t");

    PoolConfig p4d = config.pools().get(0);
    // p4d.24xlarge: 96 vCPU × (0.74 + 0.5 × (3.5 − 0.74)) W + 1152 GB × 0.392 W = 655.104 W, / 8.
    assertThat(p4d.host().orElseThrow().wattsPerGpu()).isCloseTo(81.888, within(1e-9));
    assertThat(p4d.host().orElseThrow().basis())
        .isEqualTo("p4d.24xlarge: 96 vCPU, 1152 GB, 8 GPUs (CCF coefficients)");
    assertThat(p4d.price()).contains(new GpuHourPrice(2.5, "USD"));
    PoolConfig own = config.pools().get(1);
    assertThat(own.host()).contains(new HostPower(120, "hostWattsPerGpu in carbonq.yaml"));
    assertThat(own.price()).contains(new GpuHourPrice(4, "USD"));
    assertThat(config.pools().get(2)).isEqualTo(new PoolConfig("bare", "aws:us-east-1", "H100", 8));
  }

  @Test
  void badHostAndPriceFieldsNameTheFieldAndTheFix() {
    List<String> errors =
        errorsOf(
            """
            pools:
              - {name: a, region: aws:us-east-1, gpuModel: A100, gpus: 8, nodeType: p4d.24xlarg}
              - {name: b, region: aws:us-east-1, gpuModel: A100, gpus: 8, nodeType: p5.48xlarge}
              - {name: c, region: aws:us-east-1, gpuModel: A100, gpus: 8, hostWattsPerGpu: 0}
              - {name: d, region: aws:us-east-1, gpuModel: A100, gpus: 8, hostWattsPerGpu: -50}
              - {name: e, region: aws:us-east-1, gpuModel: A100, gpus: 8, pricePerGpuHour: 0}
              - {name: f, region: aws:us-east-1, gpuModel: A100, gpus: 8, pricePerGpuHour: -1.5}
              - {name: g, region: aws:us-east-1, gpuModel: A100, gpus: 8, pricePerGpuHour: cheap}
              - {name: h, region: aws:us-east-1, gpuModel: A100, gpus: 8, currency: EUR}
              - {name: i, region: aws:us-east-1, gpuModel: A100, gpus: 8, pricePerGpuHour: 2, currency: usd}
            """);

    assertThat(errors)
        .containsExactly(
            "pools[0].nodeType: unknown node type 'p4d.24xlarg'; use a bundled one or state"
                + " hostWattsPerGpu instead; did you mean p4d.24xlarge? known: a2-highgpu-8g,"
                + " a3-highgpu-8g, g5.48xlarge, p4d.24xlarge, p4de.24xlarge, p5.48xlarge,"
                + " Standard_ND96asr_v4, Standard_ND96isr_H100_v5",
            "pools[1].nodeType: p5.48xlarge holds 8 × H100, not A100; fix gpuModel or nodeType, or"
                + " state hostWattsPerGpu instead",
            "pools[2].hostWattsPerGpu: must be > 0, got 0",
            "pools[3].hostWattsPerGpu: must be > 0, got -50",
            "pools[4].pricePerGpuHour: must be > 0, got 0",
            "pools[5].pricePerGpuHour: must be > 0, got -1.5",
            "pools[6].pricePerGpuHour: must be a number, got 'cheap'",
            "pools[7].currency: names the currency of pricePerGpuHour, which this pool does not"
                + " state; add pricePerGpuHour or remove currency",
            "pools[8].currency: must be an ISO 4217 code in capitals such as USD or EUR, got 'usd'");
  }

  @Test
  void pricesInTwoCurrenciesAreRefusedBecauseReportsAddThemUp() {
    assertThat(
            errorsOf(
                """
                pools:
                  - {name: a, region: aws:us-east-1, gpuModel: A100, gpus: 8, pricePerGpuHour: 2}
                  - {name: b, region: gcp:europe-west4, gpuModel: A100, gpus: 8,
                     pricePerGpuHour: 2, currency: EUR}
                """))
        .containsExactly(
            "pools[1].currency: is EUR but pools[0] prices in USD; reports add costs across pools,"
                + " so state every price in one currency");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pools: 3                                                   | pools: must be a list (items start with '- '), got 3
          pools: [{name: p, region: gcp:europe-west4, gpuModel: A100}] | pools[0].gpus: is required
          pools: [{name: p, region: gcp:europe-west4, gpuModel: A100, gpus: 2.5}] | pools[0].gpus: must be a whole number, got 2.5
          pools: [{name: p, region: gcp:europe-west4, gpuModel: A100, gpus: eight}] | pools[0].gpus: must be a whole number, got 'eight'
          regions: [{name: r, zone: DE, pue: 0.8}]\\npools: []          | regions[0].pue: must be between 1 and 3, got 0.8
          sources: []\\npools: []                                     | sources: must list at least one source; known types: trace, annual-average, seasonal-profile, last-cached, electricitymaps, watttime, uk-carbon-intensity, energi-data-service, carbon-aware-sdk
          sources: [{type: wattime}]\\npools: []                      | sources[0].type: unknown source type 'wattime'; did you mean watttime? known: trace, annual-average, seasonal-profile, last-cached, electricitymaps, watttime, uk-carbon-intensity, energi-data-service, carbon-aware-sdk
          sources: [{type: carbon-aware-sdk, endpoint: ftp://x}]\\npools: []| sources[0].endpoint: must be an http:// or https:// URL, got 'ftp://x'
          policy: {horizon: 60d}\\npools: []                          | policy.horizon: must be at least one step and at most 31d, got 60d
          colour: blue\\npools: []                                    | colour: unknown field; known: regions, gpus, pools, sources, fallback, forecastCache, executor, policy, home, teams, budgets
          regions: []                                                | pools: is required: list at least one node pool (name, region, gpuModel, gpus)
          '- just a list'                                            | (file): must be a mapping of field: value, got a list
          """)
  void rejectsWrongValuesWithAClearMessage(String yaml, String expected) {
    assertThat(errorsOf(yaml.replace("\\n", "\n"))).contains(expected);
  }

  @Test
  void refusesSecretsWrittenIntoTheFile() {
    assertThat(errorsOf("pools: []\nsources: [{type: trace, token: abc123}]\n"))
        .containsExactly(
            "sources[0].token: secrets are never read from the file; set tokenEnv: VARIABLE or"
                + " tokenFile: /path/to/file instead");
  }

  @Test
  void keepsSecretReferencesWithoutTheSecret() {
    CarbonqConfig config =
        ConfigLoader.parse(
            "pools: []\nsources: [{type: electricitymaps, tokenEnv: EM_TOKEN, endpoint: 'http://localhost:1'}]\n",
            "t");

    assertThat(config.sources().get(0).token().environmentVariable()).contains("EM_TOKEN");
    assertThat(config.sources().get(0).endpoint()).contains("http://localhost:1");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThat(errorsOf("pools:\n  - name: a\n   region: [unclosed\n"))
        .singleElement()
        .asString()
        .startsWith("(file): is not valid YAML at line ");
  }

  @Test
  void emptyFileSaysWhatItNeeds() {
    assertThat(errorsOf("")).containsExactly("(file): is empty; it needs at least 'pools:'");
  }

  @Test
  void loadsFromAFileAndNamesTheFileInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("carbonq.yaml");
    Files.writeString(
        file, "pools:\n  - {name: p, region: aws:us-east-1, gpuModel: H100, gpus: 0}\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file + ": 1 error" + System.lineSeparator() + "  pools[0].gpus: must be > 0, got 0");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml")))
        .hasMessageContaining("(file): does not exist; check the path");
  }
}
