package io.carbonq.forecasts.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.ForecastException;
import io.carbonq.forecasts.api.ForecastSource;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SignalKind;
import io.carbonq.forecasts.api.UnknownZoneException;
import io.carbonq.forecasts.http.ClientSettings;
import io.carbonq.forecasts.http.JsonHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every forecast source must do against its provider's real response formats, served by
 * WireMock: read the real samples, turn gaps, repeats and nonsense into gaps, survive a DST day,
 * retry what is worth retrying (429 with Retry-After, 5xx, timeouts) and nothing else, and say
 * clearly which source failed and why, without ever showing a credential.
 */
abstract class ForecastSourceContract {
  static final Instant NOW = Instant.parse("2023-05-02T20:00:00Z");

  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /**
   * What differs between sources: the id their messages use, a zone they serve, their step and
   * signal, the paths of their forecast and actuals calls (regular expressions), and the text a
   * refused credential's message must contain.
   */
  record Facts(
      String sourceId,
      String zone,
      Duration step,
      SignalKind signal,
      String forecastPath,
      String actualsPath,
      String authHint) {}

  final Facts facts;

  ForecastSourceContract(Facts facts) {
    this.facts = facts;
  }

  String sourceId() {
    return facts.sourceId();
  }

  String zone() {
    return facts.zone();
  }

  Duration step() {
    return facts.step();
  }

  SignalKind signal() {
    return facts.signal();
  }

  /** Matches the call a forecast makes. */
  MappingBuilder forecastCall() {
    return get(urlPathMatching(facts.forecastPath()));
  }

  /** Matches the call actuals make. */
  MappingBuilder actualsCall() {
    return get(urlPathMatching(facts.actualsPath()));
  }

  final List<Duration> sleeps = new ArrayList<>();
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  ForecastSource source;

  /** The source under test, calling through {@code http}. */
  abstract ForecastSource create(JsonHttp http, Clock clock);

  /** The provider's forecast format holding {@code points} in the given order. */
  abstract String forecastBody(List<Point> points);

  /** The provider's actuals format holding {@code points} in the given order. */
  abstract String actualsBody(List<Point> points);

  /** Reads a real forecast sample and checks what is known of it. */
  abstract void readsTheRealForecastSample();

  /** The credential values a test uses, which must never appear in logs or messages. */
  List<String> secrets() {
    return List.of();
  }

  /** Stubs what the source needs before its data calls, such as a login. */
  void stubSession() {}

  @BeforeEach
  void createSource() {
    ClientSettings settings =
        new ClientSettings(
            java.net.URI.create(api.baseUrl()),
            Duration.ofMillis(800),
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            1_000_000);
    JsonHttp http = new JsonHttp(sourceId(), settings, clock, sleeps::add, new Random(7));
    source = create(http, clock);
    stubSession();
  }

  List<Point> day(Instant start, int periods) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < periods; i++) {
      points.add(new Point(start.plus(step().multipliedBy(i)), 100 + 10 * (i % 7)));
    }
    return points;
  }

  IntensitySeries forecastAt(Instant issuedAt) {
    return source.forecast(zone(), issuedAt, Duration.ofHours(48));
  }

  @Test
  void realForecastSample() {
    readsTheRealForecastSample();
  }

  @Test
  void readsItsForecastFormatIntoAUtcSeries() {
    List<Point> points = day(NOW, 12);
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(points))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.zone()).isEqualTo(zone());
    assertThat(series.start()).isEqualTo(NOW);
    assertThat(series.step()).isEqualTo(step());
    assertThat(series.size()).isEqualTo(points.size());
    assertThat(series.kind()).isEqualTo(DataKind.FORECAST);
    assertThat(series.signal()).isEqualTo(signal());
    for (int i = 0; i < points.size(); i++) {
      assertThat(series.gramsPerKwh(i)).isCloseTo(points.get(i).gramsPerKwh(), within(1e-6));
    }
  }

  @Test
  void readsItsActualsFormat() {
    List<Point> points = day(NOW.minus(Duration.ofDays(1)), 8);
    api.stubFor(actualsCall().willReturn(okJson(actualsBody(points))));

    Instant from = points.get(0).start();
    IntensitySeries series = source.actuals(zone(), from, from.plus(step().multipliedBy(8)));

    assertThat(series.kind()).isEqualTo(DataKind.ACTUAL);
    assertThat(series.start()).isEqualTo(from);
    assertThat(series.values()).hasSize(8);
    assertThat(series.gramsPerKwh(3)).isCloseTo(points.get(3).gramsPerKwh(), within(1e-6));
  }

  @Test
  void gapsStayGapsAndARepeatedPeriodKeepsItsLastValue() {
    List<Point> points = new ArrayList<>(day(NOW, 6));
    points.remove(2);
    points.add(new Point(points.get(0).start(), 999));
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(points))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.size()).isEqualTo(6);
    assertThat(series.gramsPerKwh(2)).isNaN();
    assertThat(series.gramsPerKwh(0)).isCloseTo(999, within(1e-6));
  }

  @Test
  void impossibleValuesBecomeGapsNotDecisions() {
    List<Point> points = new ArrayList<>(day(NOW, 4));
    points.set(1, new Point(points.get(1).start(), -5));
    points.set(2, new Point(points.get(2).start(), 40_000));
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(points))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.gramsPerKwh(1)).isNaN();
    assertThat(series.gramsPerKwh(2)).isNaN();
    assertThat(series.gramsPerKwh(3)).isCloseTo(points.get(3).gramsPerKwh(), within(1e-6));
  }

  @Test
  void aDaylightSavingDayIsContinuousInUtc() {
    Instant europeanSpringForward = Instant.parse("2023-03-26T00:00:00Z");
    int periods = (int) (Duration.ofHours(24).toSeconds() / step().toSeconds());
    List<Point> points = day(europeanSpringForward, periods);
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(points))));

    IntensitySeries series = forecastAt(europeanSpringForward);

    assertThat(series.size()).isEqualTo(periods);
    assertThat(series.end()).isEqualTo(europeanSpringForward.plus(Duration.ofHours(24)));
    assertThat(series.values()).doesNotContain(Double.NaN);
  }

  @Test
  void emptyDataIsAClearError() {
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(List.of()))));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining(sourceNameInMessages())
        .hasMessageContaining("no");
  }

  @Test
  void malformedJsonIsAClearErrorAndNotRetried() {
    api.stubFor(forecastCall().willReturn(okJson("{\"data\": [ {\"from\": }")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("malformed JSON");
    api.verify(exactly(1), RequestPatternBuilder.like(forecastCall().build().getRequest()));
  }

  @Test
  void aTruncatedBodyIsMalformed() {
    String whole = forecastBody(day(NOW, 10));
    api.stubFor(forecastCall().willReturn(okJson(whole.substring(0, whole.length() / 2))));

    assertThatThrownBy(() -> forecastAt(NOW)).hasMessageContaining("malformed JSON");
  }

  @Test
  void anUnexpectedShapeIsAClearError() {
    api.stubFor(forecastCall().willReturn(okJson("{\"unexpected\": true}")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining(sourceNameInMessages());
  }

  @Test
  void refusedCredentialsNameTheSourceAndWhatToFix() {
    api.stubFor(
        forecastCall()
            .willReturn(aResponse().withStatus(401).withBody("{\"message\": \"unauthorized\"}")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining(sourceNameInMessages())
        .hasMessageContaining(facts.authHint());
  }

  @Test
  void forbiddenIsNotRetried() {
    api.stubFor(
        forecastCall().willReturn(aResponse().withStatus(403).withBody("<h1>403 Forbidden</h1>")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining(sourceNameInMessages());
    assertThat(sleeps).isEmpty();
  }

  @Test
  void anUnknownZoneSaysSo() {
    api.stubFor(
        forecastCall()
            .willReturn(aResponse().withStatus(404).withBody("{\"error\": \"no zone\"}")));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining(zone());
  }

  @Test
  void aZoneTheSourceDoesNotServeIsRefusedWithoutACall() {
    assertThatThrownBy(() -> source.forecast("XX-NOWHERE", NOW, Duration.ofHours(24)))
        .isInstanceOf(UnknownZoneException.class)
        .hasMessageContaining("XX-NOWHERE");
  }

  @Test
  void rateLimitedCallsWaitAsToldThenSucceed() {
    api.stubFor(
        forecastCall()
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
            .willSetStateTo("allowed"));
    api.stubFor(
        forecastCall()
            .inScenario("429")
            .whenScenarioStateIs("allowed")
            .willReturn(okJson(forecastBody(day(NOW, 4)))));

    IntensitySeries series = forecastAt(NOW);

    assertThat(series.size()).isEqualTo(4);
    assertThat(sleeps).contains(Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterBeyondTheLimitEndsTheCallAtOnce() {
    api.stubFor(
        forecastCall().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> forecastAt(NOW)).hasMessageContaining("retry after 3600 s");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedWithGrowingBackoffThenReported() {
    api.stubFor(forecastCall().willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("failed 3 times")
        .hasMessageContaining("HTTP 503");
    api.verify(exactly(3), RequestPatternBuilder.like(forecastCall().build().getRequest()));
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aServerThatRecoversIsUsed() {
    api.stubFor(
        forecastCall()
            .inScenario("500")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("up"));
    api.stubFor(
        forecastCall()
            .inScenario("500")
            .whenScenarioStateIs("up")
            .willReturn(okJson(forecastBody(day(NOW, 3)))));

    assertThat(forecastAt(NOW).size()).isEqualTo(3);
  }

  @Test
  void aSlowAnswerTimesOut() {
    api.stubFor(forecastCall().willReturn(okJson(forecastBody(day(NOW, 3))).withFixedDelay(2_000)));

    assertThatThrownBy(() -> forecastAt(NOW))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("no answer within 800 ms");
  }

  @Test
  void credentialsNeverReachTheLogOrAMessage() {
    List<String> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(
                record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    List<String> messages = new ArrayList<>();
    try {
      api.stubFor(forecastCall().willReturn(aResponse().withStatus(500)));
      try {
        forecastAt(NOW);
      } catch (ForecastException e) {
        messages.add(e.getMessage());
      }
      api.resetMappings();
      stubSession();
      api.stubFor(forecastCall().willReturn(aResponse().withStatus(401)));
      try {
        forecastAt(NOW);
      } catch (ForecastException e) {
        messages.add(e.getMessage() + " " + e.getCause());
      }
    } finally {
      root.removeHandler(capture);
    }
    assertThat(logged).isNotEmpty();
    assertThat(messages).hasSize(2);
    for (String secret : secrets()) {
      assertThat(logged).noneMatch(line -> line.contains(secret));
      assertThat(messages).noneMatch(line -> line.contains(secret));
    }
  }

  /** How the source names itself in errors. */
  String sourceNameInMessages() {
    return "source '";
  }
}
