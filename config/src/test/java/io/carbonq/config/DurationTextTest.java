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
    "' 6H ', PT6H",
    "0, PT0S"
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
  @CsvSource({
    "00:30, PT30S",
    "59:59, PT59M59S",
    "90:00, PT1H30M",
    "06:00:00, PT6H",
    "0:00:01, PT1S",
    "23:59:59, PT23H59M59S",
    "36:00:00, PT36H",
    "1-00, PT24H",
    "1-23, PT47H",
    "2-12:30, PT60H30M",
    "0-00:00:59, PT59S",
    "1-12:00:00, PT36H",
    "7-23:59:59, PT191H59M59S"
  })
  void parsesSlurmTimeLimits(String text, String iso) {
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({
    "00:60, the seconds are 0-59",
    "1:60:00, the minutes are 0-59",
    "1:00:60, the seconds are 0-59",
    "1-24, the hours after the day count are 0-23",
    "1-00:60, the minutes are 0-59",
    "1-00:00:60, the seconds are 0-59"
  })
  void aClockFieldOutOfRangeIsRefusedAndNamed(String text, String why) {
    assertThat(DurationText.parse(text)).isEmpty();
    assertThat(DurationText.expected(text))
        .isEqualTo(DurationText.EXPECTED + "; in '" + text + "' " + why);
  }

  @ParameterizedTest
  @ValueSource(strings = {":30", "1:", "1::00", "1:2:3:4", "-1", "1-", "1-2:3:4:5", "1-1h", "6"})
  void malformedClockFormsAreRefusedWithTheGeneralHint(String text) {
    assertThat(DurationText.parse(text)).isEmpty();
    assertThat(DurationText.expected(text)).isEqualTo(DurationText.EXPECTED);
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0m", "PT30M, 30m", "PT24H, 1d", "PT26H30M, 1d2h30m", "PT45S, 45s"})
  void formatsShortestFirstLargestUnit(String iso, String text) {
    assertThat(DurationText.format(Duration.parse(iso))).isEqualTo(text);
    assertThat(DurationText.parse(text)).contains(Duration.parse(iso));
  }
}
