package io.carbonq.scheduler.budget;

import io.carbonq.config.OverBudget;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which planned jobs their owners' budgets cannot pay for. Jobs are served in the order they were
 * submitted (then by id), as a queue would: each that fits every budget it counts against is booked
 * and the next one sees what is left; one that does not gets the strictest action of the budgets it
 * exceeds. Pure: no I/O.
 */
public final class BudgetGate {
  private BudgetGate() {}

  /** A job the plan placed: whose, when submitted, when it is planned to end, what it expects. */
  public record Candidate(
      String jobId, String owner, Instant submittedAt, Instant endsAt, double expectedKg) {
    public Candidate {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(submittedAt, "submittedAt");
      Objects.requireNonNull(endsAt, "endsAt");
    }
  }

  /** A job over budget: what to do with it and why, in words for its state reason. */
  public record Over(String jobId, OverBudget action, List<Shortfall> shortfalls) {
    public String why() {
      return shortfalls.stream().map(Shortfall::explain).collect(Collectors.joining("; "));
    }

    /**
     * Why, without the figures that move with every forecast, so that a job held cycle after cycle
     * keeps one reason (and one entry in its log); {@code carbonq budget} shows the figures.
     */
    public String briefly() {
      return shortfalls.stream().map(Shortfall::briefly).collect(Collectors.joining("; "));
    }
  }

  /**
   * The candidates over budget, by job id; {@code book} (realised and committed spends) gets the
   * candidates that fit booked as planned.
   */
  public static Map<String, Over> check(BudgetBook book, List<Candidate> candidates) {
    Map<String, Over> over = new LinkedHashMap<>();
    List<Candidate> inOrder =
        candidates.stream()
            .sorted(Comparator.comparing(Candidate::submittedAt).thenComparing(Candidate::jobId))
            .toList();
    for (Candidate candidate : inOrder) {
      double kg =
          new Spend(
                  candidate.owner(), candidate.endsAt(), candidate.expectedKg(), Spend.Kind.PLANNED)
              .kg();
      List<Shortfall> shortfalls = book.shortfalls(candidate.owner(), candidate.endsAt(), kg);
      if (shortfalls.isEmpty()) {
        book.book(new Spend(candidate.owner(), candidate.endsAt(), kg, Spend.Kind.PLANNED));
      } else {
        over.put(candidate.jobId(), new Over(candidate.jobId(), strictest(shortfalls), shortfalls));
      }
    }
    return over;
  }

  private static OverBudget strictest(List<Shortfall> shortfalls) {
    return shortfalls.stream()
        .map(shortfall -> shortfall.budget().config().overBudget())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }
}
