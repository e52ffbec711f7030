package io.carbonq.scheduler.simulation.policy;

import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.simulation.JobRun;
import io.carbonq.scheduler.simulation.MainScenario;
import io.carbonq.scheduler.simulation.Policy;
import io.carbonq.scheduler.simulation.StepContext;
import java.util.List;

/**
 * Policies that reach for what a scheduler cannot know: the architecture rules must refuse them.
 */
public final class FuturePeekers {
  private FuturePeekers() {}

  /** Reads each run's actual workload through a method reference. */
  public static final class ByReference implements Policy {
    @Override
    public String id() {
      return "by-reference";
    }

    @Override
    public void decide(StepContext context) {
      List<Workload> actual = context.waiting().stream().map(JobRun::actual).toList();
      actual.size();
    }
  }

  /** Builds the scenario itself, with its later arrivals and its intensity to come. */
  public static final class ByScenario implements Policy {
    @Override
    public String id() {
      return "by-scenario";
    }

    @Override
    public void decide(StepContext context) {
      MainScenario.build(MainScenario.Options.defaults()).workloads().size();
    }
  }
}
