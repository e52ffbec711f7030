package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How far users' run-time estimates miss: each workload is submitted with its actual run time times
 * a factor drawn uniformly from [1 − error, 1 + error], in whole seconds. Policies plan with the
 * estimate; the simulator runs the actual time, and the oracles know it. Drawn from the seed in the
 * scenario's order, so that every policy meets the same estimates, on a generator of their own so
 * that they do not repeat the draws that built the scenario. Workloads that share an estimate (a
 * sweep's trials, the copies of one recorded job: {@link Statement#estimate()}) get one draw.
 *
 * <p>A user sets the deadline from the run time they state: where the scenario says how ({@link
 * Scenario#statements()}), the deadline is drawn again from the estimate, and that is the deadline
 * of the run as well as of the submission, so that no deadline follows from the actual run time. A
 * run the user underestimated may then be unable to meet it: its deadline becomes the earliest it
 * could end (its arrival plus its run time), which every policy and oracle meets by starting it at
 * once. Work that must start on arrival is submitted to end when its estimate says and counted late
 * only if it did not start at once.
 */
public record DurationEstimates(double error, long seed) {
  /** Every estimate exact. */
  public static final DurationEstimates EXACT = new DurationEstimates(0, 0);

  public DurationEstimates {
    if (!(error >= 0 && error < 1)) {
      throw new IllegalArgumentException(
          "the run-time estimate error must be at least 0 and below 1 (0.3 for ±30 %), got "
              + error);
    }
  }

  public boolean exact() {
    return error == 0;
  }

  /**
   * The scenario as it runs under these estimates: each workload whose deadline rule is known gets
   * the deadline its user's estimate gives it (at least its arrival plus its actual run time).
   */
  public Scenario appliedTo(Scenario scenario) {
    if (exact() || scenario.statements().isEmpty()) {
      return scenario;
    }
    List<Workload> actual = scenario.workloads();
    List<Duration> estimates = estimates(actual, scenario.statements());
    List<Workload> runs = new ArrayList<>(actual.size());
    for (int i = 0; i < actual.size(); i++) {
      Workload workload = actual.get(i);
      Statement statement = scenario.statements().get(workload.id());
      if (statement == null || statement.deadline() instanceof DeadlineRule.StartAtOnce) {
        runs.add(workload);
        continue;
      }
      Instant stated = statement.deadline().deadline(workload.earliestStart(), estimates.get(i));
      Instant earliestEnd = workload.earliestStart().plus(workload.duration());
      Instant deadline = stated.isBefore(earliestEnd) ? earliestEnd : stated;
      runs.add(Workload.builder(workload.id()).like(workload).deadline(deadline).build());
    }
    return scenario.withWorkloads(runs);
  }

  /** Each workload as its user submitted it, in the order given. */
  List<Workload> submitted(List<Workload> actual) {
    return submitted(actual, Map.of());
  }

  /**
   * Each workload as its user submitted it, in the order given, with the deadline its statement in
   * {@code statements} gives the estimate.
   */
  List<Workload> submitted(List<Workload> actual, Map<String, Statement> statements) {
    if (exact()) {
      return actual;
    }
    List<Duration> estimates = estimates(actual, statements);
    List<Workload> submitted = new ArrayList<>(actual.size());
    for (int i = 0; i < actual.size(); i++) {
      Workload workload = actual.get(i);
      Duration estimate = estimates.get(i);
      Workload.Builder builder = Workload.builder(workload.id()).like(workload).duration(estimate);
      Statement statement = statements.get(workload.id());
      Instant byEstimate = workload.earliestStart().plus(estimate);
      if (statement != null) {
        // A queue refuses a deadline before the earliest start plus the run time.
        Instant stated = statement.deadline().deadline(workload.earliestStart(), estimate);
        builder.deadline(stated.isBefore(byEstimate) ? byEstimate : stated);
      } else if (ClassBreakdown.latencySensitive(workload)
          || byEstimate.isAfter(workload.deadline())) {
        // Without a rule: work that must start on arrival is submitted so, whatever its
        // estimate; other work whose estimate overruns its deadline is submitted with the
        // deadline its estimate allows. Misses are still counted against the actual deadline.
        builder.deadline(byEstimate);
      }
      submitted.add(builder.build());
    }
    return submitted;
  }

  /** Each workload's estimated run time, drawn in order, once per shared estimate. */
  private List<Duration> estimates(List<Workload> actual, Map<String, Statement> statements) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Double> draws = new HashMap<>();
    List<Duration> estimates = new ArrayList<>(actual.size());
    for (Workload workload : actual) {
      Statement statement = statements.get(workload.id());
      String key = statement == null ? "workload " + workload.id() : statement.estimate();
      double draw = draws.computeIfAbsent(key, shared -> random.nextDouble());
      double factor = 1 + error * (2 * draw - 1);
      long seconds = Math.max(1, Math.round(workload.duration().getSeconds() * factor));
      estimates.add(Duration.ofSeconds(seconds));
    }
    return estimates;
  }
}
