package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceConfigTest {

  private static List<String> errorsOf(String yaml) {
    return ConfigLoaderTest.errorsOf(yaml);
  }

  @Test
  void readsEveryNetworkSourceWithItsSettingsAndThePerZoneOrder() {
    CarbonqConfig config =
        ConfigLoader.parse(
            """
            pools: []
            sources:
              - type: watttime
                usernameEnv: WATTTIME_USERNAME
                passwordFile: /run/secrets/watttime
                zones: {US-CAL-CISO: CAISO_NORTH}
                signal: average
                timeout: 5s
                requestsPerMinute: 600
                retries: 2
              - type: electricitymaps
                tokenEnv: ELECTRICITYMAPS_TOKEN
              - type: uk-carbon-intensity
              - type: energi-data-service
                endpoint: http://proxy.local/eds
              - type: carbon-aware-sdk
                endpoint: http://sdk.local:8080
              - type: last-cached
              - type: seasonal-profile
              - type: annual-average
            fallback:
              GB: [uk-carbon-intensity, electricitymaps, last-cached, seasonal-profile]
            forecastCache:
              directory: /var/cache/carbonq
              maxAge: 6h
            """,
            "t");

    SourceConfig watttime = config.source("watttime").orElseThrow();
    assertThat(watttime.username().environmentVariable()).contains("WATTTIME_USERNAME");
    assertThat(watttime.password().file()).contains("/run/secrets/watttime");
    assertThat(watttime.zones()).isEqualTo(Map.of("US-CAL-CISO", "CAISO_NORTH"));
    assertThat(watttime.signal()).contains("average");
    assertThat(watttime.timeout()).contains(Duration.ofSeconds(5));
    assertThat(watttime.requestsPerMinute().getAsDouble()).isEqualTo(600);
    assertThat(watttime.retries().getAsInt()).isEqualTo(2);
    assertThat(config.source("energi-data-service").orElseThrow().endpoint())
        .contains("http://proxy.local/eds");
    assertThat(config.fallback())
        .containsEntry(
            "GB",
            List.of("uk-carbon-intensity", "electricitymaps", "last-cached", "seasonal-profile"));
    assertThat(config.forecastCache())
        .isEqualTo(
            new ForecastCacheConfig(
                java.util.Optional.of("/var/cache/carbonq"), Duration.ofHours(6)));
  }

  @Test
  void namesTheMissingCredentialsOfEachSource() {
    assertThat(errorsOf("pools: []\nsources: [{type: electricitymaps}, {type: watttime}]\n"))
        .containsExactly(
            "sources[0]: electricitymaps needs an API token: add tokenEnv: VARIABLE or tokenFile: PATH",
            "sources[1]: watttime needs a user name: add usernameEnv or usernameFile",
            "sources[1]: watttime needs a password: add passwordEnv or passwordFile");
  }

  @Test
  void refusesSettingsASourceWouldIgnore() {
    assertThat(
            errorsOf(
                """
                pools: []
                sources:
                  - {type: uk-carbon-intensity, tokenEnv: X, zones: {GB: national}}
                  - {type: energi-data-service, signal: marginal}
                  - {type: trace, timeout: 3s}
                """))
        .containsExactly(
            "sources[0]: only electricitymaps takes a token; remove tokenEnv/tokenFile",
            "sources[0].zones: source 'uk-carbon-intensity' has fixed zone names; remove zones",
            "sources[1].signal: only watttime and carbon-aware-sdk offer a choice of signal",
            "sources[2].timeout: source 'trace' is bundled and takes no timeout");
  }

  @Test
  void rejectsWrongValuesWithTheFieldAndTheFix() {
    assertThat(
            errorsOf(
                """
                pools: []
                sources:
                  - {type: carbon-aware-sdk, signal: lowest, timeout: 10m, retries: 11, zones: [eastus]}
                  - {type: carbon-aware-sdk}
                  - {type: watttime, usernameEnv: U, passwordEnv: P, zones: {US-CAL-CISO: 7}}
                fallback:
                  GB: [uk-carbon-intensity, seasonal-profle]
                forecastCache: {maxAge: 30d}
                """))
        .containsExactly(
            "sources[0].zones: must be a mapping of grid zone to the provider's name for it",
            "sources[0].signal: must be marginal or average, got 'lowest'",
            "sources[0].timeout: must be between 100ms and 5m, got 10m",
            "sources[0].retries: must be between 0 and 10, got 11",
            "sources[1].type: source 'carbon-aware-sdk' is listed twice; keep one",
            "sources[2].zones.US-CAL-CISO: must be the provider's name for zone US-CAL-CISO",
            "fallback.GB[0]: source 'uk-carbon-intensity' needs its settings under sources: first",
            "fallback.GB[1]: unknown source type 'seasonal-profle'; did you mean seasonal-profile? known: trace, annual-average, seasonal-profile, last-cached, electricitymaps, watttime, uk-carbon-intensity, energi-data-service, carbon-aware-sdk",
            "forecastCache.maxAge: must be between 1m and 7d, got 30d");
  }

  @Test
  void secretsWrittenIntoASourceAreRefusedWithTheReferenceToUse() {
    assertThat(
            errorsOf(
                "pools: []\nsources: [{type: watttime, password: hunter2, usernameEnv: U, passwordEnv: P}]\n"))
        .containsExactly(
            "sources[0].password: secrets are never read from the file; set passwordEnv: VARIABLE or passwordFile: /path/to/file instead");
  }
}
