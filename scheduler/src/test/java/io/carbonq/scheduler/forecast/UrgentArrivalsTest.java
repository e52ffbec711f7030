package io.carbonq.scheduler.forecast;

import static io.carbonq.scheduler.TestData.T0;
import static io.carbonq.scheduler.TestData.aWorkload;
import static io.carbonq.scheduler.TestData.hours;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrgentArrivalsTest {
  private static final Duration DAY = Duration.ofDays(1);
  private final UrgentArrivals arrivals = new UrgentArrivals();

  /** Three GPUs for two hours from {@code arrival}, with {@code slack} to spare. */
  private static Workload arriving(String id, Duration arrival, Duration slack) {
    return aWorkload(id)
        .gpus(3)
        .duration(Duration.ofHours(2))
        .earliestStart(T0.plus(arrival))
        .deadline(T0.plus(arrival).plus(Duration.ofHours(2)).plus(slack))
        .build();
  }

  @Test
  void urgentWorkIsExpectedAgainADayAfterItArrived() {
    Workload pod = arriving("pod", Duration.ofHours(1), Duration.ofSeconds(59));
    arrivals.observe(pod, pod.earliestStart());

    List<Workload> expected = arrivals.expected(hours(5));

    assertThat(expected).hasSize(1);
    Workload echo = expected.get(0);
    assertThat(echo.id()).isEqualTo("echo-1");
    assertThat(echo.earliestStart()).isEqualTo(pod.earliestStart().plus(DAY));
    assertThat(echo.deadline()).isEqualTo(pod.deadline().plus(DAY));
    assertThat(echo.gpus()).isEqualTo(3);
    assertThat(echo.duration()).isEqualTo(pod.duration());
    assertThat(echo.regions()).isEqualTo(pod.regions());
  }

  @Test
  void workWithAMinuteOfSlackOrMoreIsNotUrgent() {
    Workload batch = arriving("batch", Duration.ZERO, Duration.ofMinutes(1));
    arrivals.observe(batch, T0);

    assertThat(arrivals.expected(hours(1))).isEmpty();
  }

  @Test
  void anArrivalIsForgottenOnceItsEchoIsDue() {
    Workload pod = arriving("pod", Duration.ZERO, Duration.ZERO);
    arrivals.observe(pod, T0);

    assertThat(arrivals.expected(T0.plus(DAY).minusSeconds(1))).hasSize(1);
    assertThat(arrivals.expected(T0.plus(DAY))).isEmpty();
    // Seen again once forgotten, it is still the same old arrival.
    arrivals.observe(pod, T0.plus(DAY));
    assertThat(arrivals.expected(T0.plus(DAY))).isEmpty();
  }

  @Test
  void workSeenAtEveryPlanIsOneArrival() {
    Workload pod = arriving("pod", Duration.ZERO, Duration.ZERO);
    arrivals.observe(pod, T0);
    arrivals.observe(pod, hours(1));
    arrivals.observe(arriving("other", Duration.ofHours(2), Duration.ZERO), hours(2));

    assertThat(arrivals.expected(hours(3)))
        .extracting(Workload::id)
        .containsExactly("echo-1", "echo-2");
  }

  @Test
  void workQueuedForMoreThanADayIsNoRecentArrival() {
    Workload late = arriving("late", Duration.ZERO, Duration.ZERO);
    arrivals.observe(late, T0.plus(DAY).plusSeconds(1));

    assertThat(arrivals.expected(T0.plus(DAY).plusSeconds(1))).isEmpty();
  }
}
