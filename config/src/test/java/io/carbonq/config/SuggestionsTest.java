package io.carbonq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KNOWN = List.of("A100", "A10G", "H100", "V100", "T4");

  @Test
  void suggestsOnlyTheNearestNames() {
    assertThat(Suggestions.closest("a1000", KNOWN, 3)).containsExactly("A100");
    assertThat(Suggestions.closest("X100", KNOWN, 3)).containsExactly("A100", "H100", "V100");
    assertThat(Suggestions.closest("A1OO", KNOWN, 3)).containsExactly("A100", "A10G");
  }

  @Test
  void listsEverythingWhenNothingIsClose() {
    assertThat(Suggestions.knownOrClosest("tpu-v5", KNOWN))
        .isEqualTo("known: A100, A10G, H100, V100, T4");
  }

  @Test
  void aRegionNamedWithoutItsProviderIsFound() {
    List<String> regions =
        List.of("aws:us-east-1", "aws:us-east-2", "gcp:us-east1", "gcp:us-east4");
    assertThat(Suggestions.closest("us-east-1", regions, 3)).containsExactly("aws:us-east-1");
    assertThat(Suggestions.closest("US-EAST1", regions, 3)).containsExactly("gcp:us-east1");
  }

  @Test
  void aZoneNamedByItsCountryIsFound() {
    List<String> zones = List.of("AU-NSW", "AU-VIC", "DE", "FR", "GB");
    assertThat(Suggestions.closest("GERMANY", zones, 3)).containsExactly("DE");
    assertThat(Suggestions.closest("australia", zones, 3)).containsExactly("AU-NSW", "AU-VIC");
    assertThat(Suggestions.knownOrClosest("United Kingdom", zones)).startsWith("did you mean GB?");
  }
}
