package io.carbonq.scheduler.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashTrieTest {

  @Test
  void findsWhatWasPutAndNothingElse() {
    HashTrie<String, Integer> trie = HashTrie.empty();
    Map<String, Integer> expected = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String key = "k" + random.nextInt(10_000);
      trie = trie.with(key, i);
      expected.put(key, i);
    }

    for (int i = 0; i < 12_000; i++) {
      assertThat(trie.get("k" + i)).as("k%d", i).isEqualTo(expected.get("k" + i));
    }
  }

  @Test
  void putLeavesTheMapItWasCalledOnAsItWas() {
    HashTrie<Integer, String> before = HashTrie.empty();
    for (int i = 0; i < 1_000; i++) {
      before = before.with(i, "v" + i);
    }

    HashTrie<Integer, String> after = before.with(500, "changed").with(1_000, "new");

    assertThat(before.get(500)).isEqualTo("v500");
    assertThat(before.get(1_000)).isNull();
    assertThat(after.get(500)).isEqualTo("changed");
    assertThat(after.get(1_000)).isEqualTo("new");
    assertThat(after.get(499)).isEqualTo("v499");
  }

  @Test
  void keepsKeysWithTheSameHashCodeApart() {
    // "Aa" and "BB" have the same hash code, and so do their concatenations.
    HashTrie<String, Integer> one = HashTrie.<String, Integer>empty().with("AaAa", 1);
    HashTrie<String, Integer> three = one.with("BBBB", 2).with("AaBB", 3);
    HashTrie<String, Integer> replaced = three.with("BBBB", 20);

    assertThat(three.get("AaAa")).isEqualTo(1);
    assertThat(three.get("BBBB")).isEqualTo(2);
    assertThat(three.get("AaBB")).isEqualTo(3);
    assertThat(three.get("BBAa")).isNull();
    assertThat(replaced.get("BBBB")).isEqualTo(20);
    assertThat(replaced.get("AaBB")).isEqualTo(3);
    assertThat(one.get("BBBB")).isNull();
  }
}
