package io.carbonq.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobKeysTest {
  @Test
  void aKeySplitsBackIntoItsNameWhateverTheOwnerHolds() {
    assertThat(JobKeys.name(JobKeys.key("ada", "train-a"))).isEqualTo("train-a");
    assertThat(JobKeys.name(JobKeys.key("team_ml.eu", "lr.sweep-003"))).isEqualTo("lr.sweep-003");
    assertThat(JobKeys.name("train-a")).isEqualTo("train-a");
  }

  @Test
  void ownersWhoseNamesRunIntoEachOtherNeverShareAKey() {
    assertThat(JobKeys.key("a.b", "c")).isNotEqualTo(JobKeys.key("a", "b.c"));
    assertThat(JobKeys.key("a_b", "c")).isNotEqualTo(JobKeys.key("a", "b-c"));
  }
}
