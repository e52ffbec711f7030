package io.carbonq.scheduler.domain;

import static io.carbonq.scheduler.TestData.aWorkload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {
  static Map<String, List<String>> grid() {
    Map<String, List<String>> grid = new LinkedHashMap<>();
    grid.put("lr", List.of("1e-4", "3e-4"));
    grid.put("batch-size", List.of("32", "64", "128"));
    return grid;
  }

  @Test
  void expandsTheGridIntoOneTrialPerCombinationSharingDeadlineAndCap() {
    Workload template = aWorkload("t").command(List.of("python", "train.py")).gpus(2).build();

    List<Workload> trials = new Sweep("lr-bs", template, grid(), 3).trials();

    assertThat(trials).hasSize(6);
    assertThat(trials)
        .extracting(Workload::id)
        .containsExactly(
            "lr-bs-000", "lr-bs-001", "lr-bs-002", "lr-bs-003", "lr-bs-004", "lr-bs-005");
    assertThat(trials.get(0).command())
        .containsExactly("python", "train.py", "--lr=1e-4", "--batch-size=32");
    assertThat(trials.get(5).command())
        .containsExactly("python", "train.py", "--lr=3e-4", "--batch-size=128");
    assertThat(trials)
        .allSatisfy(
            trial -> {
              assertThat(trial.deadline()).isEqualTo(template.deadline());
              assertThat(trial.gpus()).isEqualTo(2);
              assertThat(trial.sweep()).contains(new SweepRef("lr-bs", 3));
            });
  }

  @Test
  void valuesPassedInTheEnvironmentLeaveTheCommandAsItIs() {
    Workload template =
        aWorkload("t").command(List.of("python", "train.py")).env(Map.of("SEED", "7")).build();

    List<Workload> trials =
        new Sweep("arr", template, Map.of("TASK", List.of("0", "2")), 2, Sweep.Passing.ENVIRONMENT)
            .trials();

    assertThat(trials).extracting(Workload::id).containsExactly("arr-0", "arr-2");
    assertThat(trials).allMatch(trial -> trial.command().equals(List.of("python", "train.py")));
    assertThat(trials.get(1).env()).containsEntry("TASK", "2").containsEntry("SEED", "7");
  }

  @Test
  void onlyAnArrayOfWholeNumbersIsNamedByItsValues() {
    Workload template = aWorkload("t").build();

    assertThat(
            new Sweep(
                    "e",
                    template,
                    Map.of("LR", List.of("0.1", "0.2")),
                    2,
                    Sweep.Passing.ENVIRONMENT)
                .trials())
        .extracting(Workload::id)
        .containsExactly("e-000", "e-001");
    assertThat(new Sweep("a", template, Map.of("seed", List.of("3", "5")), 2).trials())
        .extracting(Workload::id)
        .containsExactly("a-000", "a-001");
  }

  @Test
  void rejectsAnEmptyParameterOrCap() {
    Workload template = aWorkload("t").build();
    Map<String, List<String>> empty = new LinkedHashMap<>(grid());
    empty.put("seed", List.of());

    assertThatThrownBy(() -> new Sweep("s", template, empty, 2))
        .hasMessage("sweep s: parameter seed has no values");
    assertThatThrownBy(() -> new Sweep("s", template, grid(), 0))
        .hasMessage("sweep s: maxParallel must be > 0, got 0");
  }

  @Test
  void countsAGridThatOverflowsAnyIntegerAsOverTheLimit() {
    Map<String, List<String>> grid = new LinkedHashMap<>();
    for (int i = 0; i < 64; i++) {
      grid.put("p" + i, List.of("1", "2"));
    }

    assertThat(Sweep.trialCount(grid.values())).isEqualTo(Sweep.MAX_TRIALS + 1L);
    assertThat(Sweep.trialCount(List.of(List.of(1, 2, 3), List.of(1, 2)))).isEqualTo(6);
    assertThatThrownBy(() -> new Sweep("s", aWorkload("t").build(), grid, 2))
        .hasMessage("sweep s: the grid makes more than 10000 trials");
  }
}
