package io.carbonq.forecasts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.UnknownZoneException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TraceForecastSourceTest {
  static final TraceLibrary LIBRARY = TraceLibrary.bundled();
  final TraceForecastSource source = new TraceForecastSource(LIBRARY);

  @Test
  void servesTheBundledValuesOfTheRequestedHours() {
    // First rows of the Electricity Maps 2023 Germany file: 140.51, 140.44 gCO2eq/kWh (direct).
    IntensitySeries series =
        source.actuals(
            "DE", Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2023-01-01T02:00:00Z"));

    assertThat(series.values()).containsExactly(140.51, 140.44);
    assertThat(series.kind()).isEqualTo(DataKind.ACTUAL);
    assertThat(series.source()).isEqualTo("electricitymaps-trace 2023");
  }

  @Test
  void forecastCoversTheHorizonFromTheHourOfIssue() {
    Instant issued = Instant.parse("2023-06-01T10:20:00Z");
    IntensitySeries forecast = source.forecast("GB", issued, Duration.ofHours(48));

    assertThat(forecast.start()).isEqualTo(Instant.parse("2023-06-01T10:00:00Z"));
    assertThat(forecast.end()).isAfterOrEqualTo(issued.plus(Duration.ofHours(48)));
    assertThat(forecast.kind()).isEqualTo(DataKind.FORECAST);
    assertThat(forecast.values())
        .containsExactly(source.actuals("GB", forecast.start(), forecast.end()).values());
  }

  @Test
  void everyBundledZoneHasFullGaplessYears() {
    assertThat(LIBRARY.zones()).hasSizeGreaterThanOrEqualTo(15).contains("DE", "GB", "US-CAL-CISO");
    for (String zone : LIBRARY.zones()) {
      for (HourlyTrace trace : LIBRARY.traces(zone)) {
        assertThat(java.util.Arrays.stream(trace.gramsPerKwh()).allMatch(v -> v >= 0 && v < 2000))
            .as(zone + " " + trace.year())
            .isTrue();
      }
    }
  }

  @Test
  void replaysOtherYearsKeepingWeekdayAndHour() {
    Instant friday = Instant.parse("2026-11-27T13:00:00Z");
    HourlyTrace trace = LIBRARY.traces("DE").get(LIBRARY.traces("DE").size() - 1);

    Instant mapped = TraceForecastSource.replay(trace, friday);

    assertThat(mapped.atZone(ZoneOffset.UTC).getYear()).isEqualTo(2023);
    assertThat(mapped.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    assertThat(mapped.atZone(ZoneOffset.UTC).getHour()).isEqualTo(13);
    assertThat(Duration.between(mapped, friday).toDays() % 7).isZero();
    IntensitySeries series = source.actuals("DE", friday, friday.plusSeconds(3600));
    assertThat(series.values()).containsExactly(trace.at(mapped));
    assertThat(series.source()).isEqualTo("electricitymaps-trace 2023 replayed week-aligned");
  }

  @Test
  void aWindowAcrossTheEndOfTheBundledYearsStaysGapless() {
    IntensitySeries series =
        source.actuals(
            "DE", Instant.parse("2023-12-31T20:00:00Z"), Instant.parse("2024-01-01T04:00:00Z"));

    assertThat(series.size()).isEqualTo(8);
    assertThat(series.values()).doesNotContain(Double.NaN);
  }

  @Test
  void unknownZoneListsTheKnownOnes() {
    assertThatThrownBy(() -> source.forecast("XX", Instant.EPOCH, Duration.ofHours(1)))
        .isInstanceOf(UnknownZoneException.class)
        .hasMessageStartingWith(
            "source 'trace' has no data for zone 'XX'; known zones: AU-NSW, BR-CS");
  }
}
