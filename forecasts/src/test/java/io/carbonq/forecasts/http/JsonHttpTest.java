package io.carbonq.forecasts.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.carbonq.forecasts.api.ForecastException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JsonHttpTest {
  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new ArrayList<>();

  JsonHttp client(double requestsPerMinute) {
    ClientSettings settings =
        new ClientSettings(
            URI.create(api.baseUrl() + "/v3/"),
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            requestsPerMinute);
    return new JsonHttp(
        "test", settings, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), sleeps::add, new Random(1));
  }

  @Test
  void spacesRequestsEvenlyToStayWithinTheLimit() {
    api.stubFor(get(urlPathEqualTo("/v3/zones")).willReturn(okJson("{}")));
    JsonHttp http = client(30);

    for (int i = 0; i < 3; i++) {
      http.get(http.url("zones").build(), Headers.of());
    }

    // With the clock standing still, the second call waits one interval and the third two.
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void appendsPathsToAnEndpointThatHasAPathOfItsOwn() {
    JsonHttp http = client(1000);

    assertThat(http.url("carbon-intensity/forecast").build().encodedPath())
        .isEqualTo("/v3/carbon-intensity/forecast");
  }

  @Test
  void aRetryAfterGivenAsAnHttpDateIsHonoured() {
    api.stubFor(
        get(urlPathEqualTo("/v3/x"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Thu, 01 Jan 1970 00:00:07 GMT")));
    JsonHttp http = client(1_000_000);

    assertThatThrownBy(() -> http.get(http.url("x").build(), Headers.of()))
        .isInstanceOf(ForecastException.class);
    assertThat(sleeps).contains(Duration.ofSeconds(7));
  }

  @Test
  void anErrorPageIsShownAsItsTextWithoutMarkup() {
    assertThat(
            JsonHttp.detail(
                "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>"))
        .isEqualTo("403 Forbidden nginx");
    assertThat(
            JsonHttp.detail(
                "{\"error\":\"Invalid query parameters\",\"message\":\"Invalid scope.\"}"))
        .isEqualTo("Invalid query parameters: Invalid scope.");
    assertThat(JsonHttp.detail("x".repeat(1000))).hasSize(301);
  }

  @Test
  void secretsComeFromTheEnvironmentOrAFileAndNeverPrintThemselves(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cr3t\n");

    Secret fromFile = Secret.fromFile(file, "sources[0].tokenFile");
    Secret fromEnv =
        Secret.fromEnvironment("EM_TOKEN", "sources[0].tokenEnv", Map.of("EM_TOKEN", "abc"));
    Secret missing = Secret.fromEnvironment("NOPE", "sources[0].tokenEnv", Map.of());

    assertThat(fromFile.reveal()).isEqualTo("s3cr3t");
    assertThat(fromEnv.reveal()).isEqualTo("abc");
    assertThat(fromFile.toString()).doesNotContain("s3cr3t").contains("sources[0].tokenFile");
    assertThat(fromEnv.toString()).doesNotContain("abc").contains("EM_TOKEN");
    assertThatThrownBy(missing::reveal)
        .hasMessage(
            "environment variable NOPE (sources[0].tokenEnv) is not set; export it or use a file instead");
    assertThatThrownBy(
            () -> Secret.fromFile(dir.resolve("absent"), "sources[0].tokenFile").reveal())
        .hasMessageContaining("cannot be read");
  }
}
