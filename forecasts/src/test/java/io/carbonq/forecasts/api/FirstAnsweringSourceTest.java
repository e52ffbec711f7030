package io.carbonq.forecasts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirstAnsweringSourceTest {
  static final Instant T0 = Instant.parse("2023-03-01T00:00:00Z");

  /** A source that knows some zones and either answers with a flat series or fails. */
  record FakeSource(String id, Set<String> zones, double value, boolean failing)
      implements ForecastSource {
    @Override
    public IntensitySeries forecast(String zone, Instant issuedAt, Duration horizon) {
      return answer(zone, issuedAt, DataKind.FORECAST);
    }

    @Override
    public IntensitySeries actuals(String zone, Instant from, Instant to) {
      return answer(zone, from, DataKind.ACTUAL);
    }

    private IntensitySeries answer(String zone, Instant from, DataKind kind) {
      if (!zones.contains(zone)) {
        throw new UnknownZoneException(id, zone, zones);
      }
      if (failing) {
        throw new ForecastException(id + " is down");
      }
      return new IntensitySeries(
          zone, from, Duration.ofHours(1), new double[] {value}, SignalKind.AVERAGE, kind, id);
    }
  }

  @Test
  void theFirstSourceThatKnowsTheZoneAnswers() {
    var chain =
        new FirstAnsweringSource(
            List.of(
                new FakeSource("a", Set.of("DE"), 100, false),
                new FakeSource("b", Set.of("DE", "GB"), 200, false)));

    assertThat(chain.forecast("DE", T0, Duration.ofHours(1)).source()).isEqualTo("a");
    assertThat(chain.forecast("GB", T0, Duration.ofHours(1)).source()).isEqualTo("b");
    assertThat(chain.zones()).containsExactly("DE", "GB");
  }

  @Test
  void aFailingSourcePassesToTheNext() {
    var chain =
        new FirstAnsweringSource(
            List.of(
                new FakeSource("a", Set.of("DE"), 100, true),
                new FakeSource("b", Set.of("DE"), 200, false)));

    assertThat(chain.actuals("DE", T0, T0.plusSeconds(3600)).gramsPerKwh(0)).isEqualTo(200);
  }

  @Test
  void whenAllFailTheErrorNamesEachSource() {
    var chain =
        new FirstAnsweringSource(
            List.of(
                new FakeSource("a", Set.of("DE"), 100, true),
                new FakeSource("b", Set.of("DE"), 200, true)));

    assertThatThrownBy(() -> chain.forecast("DE", T0, Duration.ofHours(1)))
        .isInstanceOf(ForecastException.class)
        .hasMessage("no source answered for zone DE: a: a is down; b: b is down");
    assertThatThrownBy(() -> chain.forecast("FR", T0, Duration.ofHours(1)))
        .isInstanceOf(UnknownZoneException.class)
        .hasMessageContaining("known zones: DE");
  }
}
