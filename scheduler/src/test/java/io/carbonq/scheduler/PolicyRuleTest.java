package io.carbonq.scheduler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.carbonq.scheduler.simulation.policy.FuturePeekers;
import org.junit.jupiter.api.Test;

/** The rule that keeps policies from the future fails on policies that reach for it. */
class PolicyRuleTest {
  @Test
  void aMethodReferenceToARunsActualWorkloadIsRefused() {
    assertThatThrownBy(
            () ->
                ArchitectureTest.policiesCannotReadTheFuture()
                    .check(new ClassFileImporter().importClasses(FuturePeekers.ByReference.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("<io.carbonq.scheduler.simulation.JobRun.actual()>");
  }

  @Test
  void buildingTheScenarioIsRefused() {
    assertThatThrownBy(
            () ->
                ArchitectureTest.policiesCannotReadTheFuture()
                    .check(new ClassFileImporter().importClasses(FuturePeekers.ByScenario.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("calls method <io.carbonq.scheduler.simulation.MainScenario.build(");
  }
}
