package io.carbonq.scheduler.service;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.chain.ForecastCache;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.forecast.ForecastSources;
import io.carbonq.scheduler.store.Database;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The service keeps a network source's forecasts fresh on its own, on the source's cadence. */
class ForecastRefreshTest {
  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path data;

  @Test
  void theServiceFetchesTheUkForecastForItsLondonPoolAndCachesIt() throws Exception {
    String sample;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/api-samples/national_intensity_2020-05-21T21-00Z_fw24h.json")) {
      sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    api.stubFor(get(urlPathMatching("/intensity/.*/fw48h")).willReturn(okJson(sample)));
    String yaml =
        new String(
                    ConfigLoader.class.getResourceAsStream("carbonq-default.yaml").readAllBytes(),
                    StandardCharsets.UTF_8)
                .replace(
                    "sources:                            # asked in this order for each zone\n",
                    "sources:\n  - type: uk-carbon-intensity\n    endpoint: "
                        + api.baseUrl()
                        + "\n")
            + "forecastCache:\n  directory: "
            + data.resolve("cache")
            + "\n";
    CarbonqConfig config = ConfigLoader.parse(yaml, "test");
    Clock clock = Clock.fixed(Instant.parse("2020-05-21T21:00:00Z"), ZoneOffset.UTC);
    Fleet fleet = new Fleet(config);
    ForecastSources sources = new ForecastSources(config, Map.of(), clock, data.resolve("unused"));

    try (ServerRuntime server =
        new ServerRuntime(
            Database.embedded(data),
            fleet,
            sources.chain(),
            Optional.of(sources.refresher(fleet.poolZones(), Duration.ofDays(2))),
            new SimulatedExecutor(1),
            clock,
            new ServerRuntime.Options(
                "127.0.0.1", 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(5)))) {
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      ForecastCache cache = new ForecastCache(data.resolve("cache"));
      while (cache.latest("uk-carbon-intensity", "GB").isEmpty() && System.nanoTime() < until) {
        Thread.sleep(100);
      }

      assertThat(cache.latest("uk-carbon-intensity", "GB")).isPresent();
      api.verify(1, getRequestedFor(urlPathMatching("/intensity/.*/fw48h")));
    }
  }
}
