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
}
