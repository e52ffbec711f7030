package io.carbonq.scheduler.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandTest {
  static final Instant ISSUED = Instant.parse("2020-05-21T21:00:00Z");

  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path cache;

  record Result(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  Result run(Instant now, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            Clock.fixed(now, ZoneOffset.UTC),
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of(),
            cache);
    return new Result(new Cli(context).run(args), out.toString(), err.toString());
  }

  static String sample() throws IOException {
    try (InputStream in =
        ForecastCommandTest.class.getResourceAsStream(
            "/api-samples/national_intensity_2020-05-21T21-00Z_fw24h.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The UK forecast for GB, 24 h from the stub, with {@code more} flags. */
  Result ukForecast(String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "forecast",
                "--zone",
                "GB",
                "--source",
                "uk-carbon-intensity",
                "--hours",
                "24",
                "--endpoint",
                api.baseUrl()));
    args.addAll(java.util.List.of(more));
    return run(ISSUED, args.toArray(String[]::new));
  }

  @Test
  void printsTheUkForecastFromAStubAsJson() throws Exception {
    api.stubFor(get(urlPathMatching("/intensity/.*/fw48h")).willReturn(okJson(sample())));

    Result result = ukForecast("--duration", "3h", "-o", "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.path("zone").asText()).isEqualTo("GB");
    assertThat(json.path("source").asText()).isEqualTo("uk-carbon-intensity");
    assertThat(json.path("points")).hasSize(48);
    assertThat(json.path("points").get(0).path("start").asText()).isEqualTo("2020-05-21T21:00:00Z");
    assertThat(json.path("points").get(0).path("gramsPerKwh").asDouble()).isEqualTo(177);
    double best = json.path("cleanestWindow").path("meanGramsPerKwh").asDouble();
    for (int i = 0; i + 6 <= 48; i++) {
      double sum = 0;
      for (int j = i; j < i + 6; j++) {
        sum += json.path("points").get(j).path("gramsPerKwh").asDouble();
      }
      assertThat(best).isLessThanOrEqualTo(sum / 6 + 1e-9);
    }
  }

  @Test
  void drawsTheForecastInTheTerminalAndMarksTheCleanestWindow() throws Exception {
    api.stubFor(get(urlPathMatching("/intensity/.*/fw48h")).willReturn(okJson(sample())));

    Result result = ukForecast("--duration", "2h");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("GB · uk-carbon-intensity · average forecast")
        .contains("┤")
        .contains("^^^^")
        .containsPattern("cleanest 2h window \\(\\^\\): 2020-05-2\\d \\d\\d:\\d\\dZ");
  }

  @Test
  void aSecondAskWithinHalfAnHourIsServedFromTheCacheAndTheFallbackUsesIt() throws Exception {
    api.stubFor(get(urlPathMatching("/intensity/.*/fw48h")).willReturn(okJson(sample())));
    String[] ask = {
      "forecast",
      "--zone",
      "GB",
      "--source",
      "uk-carbon-intensity",
      "--hours",
      "12",
      "--endpoint",
      api.baseUrl(),
      "-o",
      "json"
    };

    run(ISSUED, ask);
    run(ISSUED.plus(Duration.ofMinutes(10)), ask);
    api.verify(1, getRequestedFor(urlPathMatching("/intensity/.*/fw48h")));

    api.stubFor(
        get(urlPathMatching("/intensity/.*/fw48h")).willReturn(aResponse().withStatus(503)));
    Path config = cache.resolve("carbonq.yaml");
    Files.writeString(
        config,
        """
        pools: []
        sources:
          - type: uk-carbon-intensity
            endpoint: %s
            retries: 0
          - type: last-cached
        forecastCache:
          directory: %s
          maxAge: 6h
        """
            .formatted(api.baseUrl(), cache));
    Result fallback =
        run(
            ISSUED.plus(Duration.ofHours(2)),
            "forecast",
            "--zone",
            "GB",
            "--hours",
            "12",
            "--config",
            config.toString(),
            "-o",
            "json");

    assertThat(fallback.exit()).as(fallback.err()).isZero();
    assertThat(fallback.json().path("source").asText())
        .startsWith("last-cached uk-carbon-intensity fetched 2020-05-21T21:00:00Z")
        .endsWith("(fallback: uk-carbon-intensity failed)");
  }

  @Test
  void worksOfflineFromTheBundledTracesByRegionName() throws Exception {
    Result result =
        run(
            Instant.parse("2023-03-13T08:00:00Z"),
            "forecast",
            "--region",
            "gcp:europe-west3",
            "--hours",
            "24",
            "-o",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.json().path("zone").asText()).isEqualTo("DE");
    assertThat(result.json().path("source").asText()).startsWith("electricitymaps-trace 2023");
    assertThat(result.json().path("points")).hasSize(24);
  }

  @Test
  void aFlatAnnualAverageIsDrawnAsBarsOfHalfHeight() {
    String out = run(ISSUED, "forecast", "--zone", "BH", "--hours", "24").out();

    assertThat(out).contains("annual-average").contains("████████████████████████");
    assertThat(out.lines().filter(line -> line.contains("██"))).hasSize(4);
    assertThat(out).contains("     0 ┤");
  }

  @Test
  void aWindowStartingNowIsSaidSoInWords() {
    String out = run(ISSUED, "forecast", "--zone", "BH", "--hours", "24", "--duration", "3h").out();

    assertThat(out).contains("starting now: no later start is cleaner").doesNotContain("0% (");
  }

  @Test
  void badFlagsAreNamedWithTheFix() {
    assertThat(run(ISSUED, "forecast", "--zone", "GB", "--hours", "0").err())
        .contains("--hours must be between 1 and 336, got 0");
    assertThat(run(ISSUED, "forecast", "--zone", "GB", "--endpoint", "http://x").err())
        .contains("--endpoint replaces one API's base URL; name it with --source");
    assertThat(run(ISSUED, "forecast", "--zone", "GB", "--source", "wattime").err())
        .contains("--source: unknown source 'wattime'; did you mean watttime?");
    assertThat(run(ISSUED, "forecast", "--zone", "Germany").err())
        .contains("--zone: no forecast for zone 'Germany'; did you mean DE?");
    assertThat(run(ISSUED, "forecast", "--region", "us-east-1").err())
        .contains("--region: unknown region 'us-east-1'; did you mean aws:us-east-1?");
    assertThat(run(ISSUED, "forecast").err())
        .contains("name one of --zone ZONE or --region REGION");
    assertThat(run(ISSUED, "forecast", "--zone", "GB", "--hours", "4", "--duration", "5h").exit())
        .isEqualTo(Cli.BAD_INPUT);
  }

  @Test
  void aProviderOutageIsAFailureNamingTheSource() {
    api.stubFor(
        get(urlPathMatching("/intensity/.*/fw48h")).willReturn(aResponse().withStatus(401)));

    Result result =
        run(
            ISSUED,
            "forecast",
            "--zone",
            "GB",
            "--source",
            "uk-carbon-intensity",
            "--endpoint",
            api.baseUrl());

    assertThat(result.exit()).isEqualTo(Cli.FAILURE);
    assertThat(result.err()).contains("source 'uk-carbon-intensity' answered HTTP 401");
  }

  @Test
  void accuracyComparesArchivedForecastsWithTheActualsMeasuredSince() throws Exception {
    api.stubFor(get(urlPathMatching("/intensity/.*/fw48h")).willReturn(okJson(sample())));
    run(
        ISSUED,
        "forecast",
        "--zone",
        "GB",
        "--source",
        "uk-carbon-intensity",
        "--endpoint",
        api.baseUrl(),
        "-o",
        "json");
    // The measured values: every forecast value 10% higher than what then happened.
    JsonNode tree = new ObjectMapper().readTree(sample());
    com.fasterxml.jackson.databind.node.ObjectNode body = new ObjectMapper().createObjectNode();
    com.fasterxml.jackson.databind.node.ArrayNode data = body.putArray("data");
    for (JsonNode period : tree.path("data")) {
      com.fasterxml.jackson.databind.node.ObjectNode copy = period.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("intensity"))
          .put("actual", period.path("intensity").path("forecast").asDouble() / 1.1);
      data.add(copy);
    }
    api.stubFor(
        get(urlPathMatching("/intensity/[^/]+Z/[^/]+Z")).willReturn(okJson(body.toString())));
    Path config = cache.resolve("carbonq.yaml");
    Files.writeString(
        config,
        """
        pools: []
        sources:
          - {type: uk-carbon-intensity, endpoint: %s}
        forecastCache: {directory: %s}
        """
            .formatted(api.baseUrl(), cache));

    Result result =
        run(
            ISSUED.plus(Duration.ofDays(2)),
            "forecast",
            "accuracy",
            "--config",
            config.toString(),
            "-o",
            "json");

    assertThat(result.exit()).as(result.err()).isZero();
    JsonNode rows = result.json().path("rows");
    assertThat(rows).isNotEmpty();
    for (JsonNode row : rows) {
      assertThat(row.path("source").asText()).isEqualTo("uk-carbon-intensity");
      assertThat(row.path("mapePct").asDouble())
          .isCloseTo(10.0, org.assertj.core.api.Assertions.within(0.01));
      assertThat(row.path("biasGramsPerKwh").asDouble()).isPositive();
    }
    assertThat(rows.get(0).path("leadTime").asText()).isEqualTo("0-6h");
  }

  @Test
  void aNetworkSourceTakesItsOwnRegionNamesWithoutAMapping() {
    String body =
        """
        {"data": [{"point_time": "2020-05-21T21:00:00+00:00", "value": 1000},
                  {"point_time": "2020-05-21T21:05:00+00:00", "value": 800}],
         "meta": {"data_point_period_seconds": 300, "region": "CAISO_NORTH",
                  "signal_type": "co2_moer", "units": "lbs_co2_per_mwh"}}
        """;
    api.stubFor(get(urlPathEqualTo("/login")).willReturn(okJson("{\"token\": \"t\"}")));
    api.stubFor(get(urlPathEqualTo("/v3/forecast")).willReturn(okJson(body)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            Clock.fixed(ISSUED, ZoneOffset.UTC),
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("WATTTIME_USERNAME", "u", "WATTTIME_PASSWORD", "p"),
            cache);

    int exit =
        new Cli(context)
            .run(
                "forecast",
                "--zone",
                "CAISO_NORTH",
                "--source",
                "watttime",
                "--hours",
                "1",
                "--endpoint",
                api.baseUrl(),
                "-o",
                "json");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"signal\" : \"marginal\"").contains("453.59");
    api.verify(
        getRequestedFor(urlPathEqualTo("/v3/forecast"))
            .withQueryParam(
                "region", com.github.tomakehurst.wiremock.client.WireMock.equalTo("CAISO_NORTH")));
  }

  @Test
  void withoutItsCredentialsASourceSaysWhichVariableToSet() {
    Result result =
        run(
            ISSUED,
            "forecast",
            "--zone",
            "DE",
            "--source",
            "electricitymaps",
            "--endpoint",
            api.baseUrl());

    assertThat(result.exit()).isEqualTo(Cli.FAILURE);
    assertThat(result.err())
        .contains(
            "environment variable ELECTRICITYMAPS_TOKEN (the default for electricitymaps; or list it"
                + " under sources: with tokenEnv or tokenFile) is not set");
  }
}
