package io.carbonq.forecasts.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.forecasts.api.ForecastException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

  @ParameterizedTest
  @CsvSource({
    "2023-03-14T03:30Z, 2023-03-14T03:30:00Z",
    "2024-03-05T20:00:00.000Z, 2024-03-05T20:00:00Z",
    "2022-07-15T00:00:00+00:00, 2022-07-15T00:00:00Z",
    "2022-05-01T14:00:00-04:00, 2022-05-01T18:00:00Z",
    "2022-05-17T20:45:11.5092741+00:00, 2022-05-17T20:45:11.509274100Z",
    "2023-01-01T22:55:00, 2023-01-01T22:55:00Z"
  })
  void readsEveryFormTheProvidersSend(String text, String expected) {
    assertThat(Timestamps.parse(text, ZoneOffset.UTC, "test", "time"))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    // Danish local time on the autumn DST day: 02:30 happens twice; the earlier offset wins.
    "2023-10-29T02:30:00, 2023-10-29T00:30:00Z",
    "2023-10-29T04:00:00, 2023-10-29T03:00:00Z",
    "2023-03-26T03:00:00, 2023-03-26T01:00:00Z"
  })
  void readsAZonelessTimeInTheZoneTheCallerNames(String text, String expected) {
    assertThat(Timestamps.parse(text, ZoneId.of("Europe/Copenhagen"), "test", "time"))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({"yesterday", "2023-13-01T00:00Z", "1700000000"})
  void refusesWhatIsNotATimeNamingTheField(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text, ZoneOffset.UTC, "watttime", "point_time"))
        .isInstanceOf(ForecastException.class)
        .hasMessage("source 'watttime': point_time '" + text + "' is not an ISO-8601 time");
  }
}
