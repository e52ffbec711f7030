package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "90m, PT1H30M",
    "6h, PT6H",
    "1h30m, PT1H30M",
    "7d, PT168H",
    "2d12h, PT60H",
    "45s, PT45S",
    "PT6H, PT6H",
    "pt30m, PT30M",
    "' 6H ', PT6H"
  })
  void parsesTheFormsPeopleWrite(String text, String iso) {
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "6", "six hours", "6 h", "-6h", "h", "P", "1.5h", "99999999999999999999d"})
  void rejectsAnythingElse(String text) {
    assertThat(DurationText.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0m", "PT30M, 30m", "PT24H, 1d", "PT26H30M, 1d2h30m", "PT45S, 45s"})
  void formatsShortestFirstLargestUnit(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }
}
