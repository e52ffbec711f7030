package io.carbonq.scheduler.simulation;

import static io.carbonq.scheduler.simulation.SmallWorld.T0;
import static io.carbonq.scheduler.simulation.SmallWorld.aWorkload;
import static io.carbonq.scheduler.simulation.SmallWorld.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonq.scheduler.domain.Region;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A policy sees only what a scheduler would know at each step: the work that has arrived and the
 * intensity measured up to now, never the intensity still to come.
 */
class StepContextTest {
  private static final Region DE = new Region("DE", "DE", 1.0);

  /** Two one-hour jobs, the second arriving two hours in; intensity 100, 200, 300 … an hour. */
  private static Scenario world() {
    return SmallWorld.named("step-context")
        .regions(DE)
        .capacities(4)
        .intensity(hourly("DE", 48, hour -> 100.0 * (hour + 1)))
        .workloads(
            aWorkload("early", DE, T0, Duration.ofHours(1)).build(),
            aWorkload("late", DE, T0.plus(Duration.ofHours(2)), Duration.ofHours(1)).build())
        .build();
  }

  /** A policy that looks at each step's context, then starts whatever waits in region 0. */
  private static Policy looking(Consumer<StepContext> look) {
    return new Policy() {
      @Override
      public String id() {
        return "looking";
      }

      @Override
      public void decide(StepContext context) {
        look.accept(context);
        for (JobRun run : context.waiting()) {
          context.start(run, 0);
        }
      }
    };
  }

  private static void run(Policy policy) {
    new Simulator(world(), Duration.ofDays(1)).run(policy);
  }

  @Test
  void workArrivingLaterIsNotSeenBeforeItArrives() {
    List<String> seenAtTheStart = new ArrayList<>();

    run(
        looking(
            context -> {
              if (context.now().equals(T0)) {
                context.waiting().forEach(run -> seenAtTheStart.add(run.workload().id()));
              }
            }));

    assertThat(seenAtTheStart).containsExactly("early");
  }

  @Test
  void theIntensityIsMeasuredUpToNowAndNotBeyond() {
    List<Double> measured = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    Instant twoHoursIn = T0.plus(Duration.ofHours(2));

    run(
        looking(
            context -> {
              if (context.now().equals(twoHoursIn)) {
                measured.add(context.measured(0, T0));
                measured.add(context.actualNow(0));
                try {
                  context.measured(0, context.now().plusSeconds(1));
                } catch (IllegalArgumentException expected) {
                  refused.add(expected);
                }
              }
            }));

    assertThat(measured).containsExactly(100.0, 300.0);
    assertThat(refused)
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("the intensity in DE at " + twoHoursIn.plusSeconds(1) + " is not measured yet");
  }

  @Test
  void thePoolsAndTheirCostsAreWhatTheScenarioSays() {
    Scenario world = world();
    List<String> seen = new ArrayList<>();

    run(
        looking(
            context -> {
              if (seen.isEmpty()) {
                seen.add(context.regions().get(0).name());
                seen.add(String.valueOf(context.capacity(0)));
                seen.add(String.valueOf(context.gpuWatts()));
                seen.add(context.resumeOverhead().toString());
              }
            }));

    assertThat(seen)
        .containsExactly(
            "DE",
            String.valueOf(world.capacities()[0]),
            String.valueOf(world.gpuWatts()),
            world.resumeOverhead().toString());
  }

  @Test
  void askingForTheFutureStopsTheRun() {
    assertThatThrownBy(
            () ->
                run(
                    looking(
                        context -> context.measured(0, context.now().plus(Duration.ofHours(1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not measured yet: the simulation is at " + T0);
  }
}
