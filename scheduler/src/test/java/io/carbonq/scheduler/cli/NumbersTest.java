package io.carbonq.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void aTimeShowsItsYearAsIsoDoesEvenBeforeYearOne() {
    assertThat(Numbers.utc(Instant.parse("2023-03-13T08:00:00Z")))
        .isEqualTo("2023-03-13 08:00 UTC");
    // Year 0 is 1 BC: a year-of-era pattern would print 0001.
    assertThat(Numbers.utc(Instant.parse("0000-06-01T00:00:00Z")))
        .isEqualTo("0000-06-01 00:00 UTC");
  }
}
