package io.carbonq.scheduler.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.SweepRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapacityLedgerTest {
  private static final Optional<SweepRef> SWEEP = Optional.of(new SweepRef("s", 2));

  @Test
  void aCopyAndItsOriginalNeverSeeEachOthersTakes() {
    CapacityLedger original = new CapacityLedger(new int[] {8, 8}, 4);
    original.take(0, 0, 1, 2, SWEEP);

    CapacityLedger copy = original.copy();
    copy.take(0, 1, 2, 3, SWEEP);
    copy.take(0, 2, 3, 1, Optional.empty());
    original.take(1, 0, 3, 4, SWEEP);
    CapacityLedger copyOfCopy = copy.copy();
    copyOfCopy.take(0, 0, 0, 1, SWEEP);

    assertThat(free(original, 0)).containsExactly(6, 6, 8, 8);
    assertThat(free(original, 1)).containsExactly(4, 4, 4, 4);
    assertThat(trials(original)).containsExactly(2, 2, 1, 1);
    assertThat(free(copy, 0)).containsExactly(6, 3, 4, 7);
    assertThat(free(copy, 1)).containsExactly(8, 8, 8, 8);
    assertThat(trials(copy)).containsExactly(1, 2, 1, 0);
    assertThat(free(copyOfCopy, 0)).containsExactly(5, 3, 4, 7);
    assertThat(trials(copyOfCopy)).containsExactly(2, 2, 1, 0);
  }

  private static int[] free(CapacityLedger ledger, int pool) {
    int[] free = new int[4];
    for (int slot = 0; slot < 4; slot++) {
      free[slot] = ledger.freeGpus(pool, slot);
    }
    return free;
  }

  /** Trials of sweep "s" running per slot: one fewer than the least cap that leaves room. */
  private static int[] trials(CapacityLedger ledger) {
    int[] trials = new int[4];
    int[] runs = new int[4];
    for (int slot = 0; slot < 4; slot++) {
      int cap = 1;
      ledger.fillRuns(1, 1, Optional.of(new SweepRef("s", cap)), slot, slot, runs);
      while (runs[slot] == 0) {
        cap++;
        ledger.fillRuns(1, 1, Optional.of(new SweepRef("s", cap)), slot, slot, runs);
      }
      trials[slot] = cap - 1;
    }
    return trials;
  }
}
