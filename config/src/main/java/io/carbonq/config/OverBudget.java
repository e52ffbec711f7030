package io.carbonq.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a job that would spend past its owner's budget, mildest first: {@code defer} lets
 * it wait past its deadline for hours clean enough to fit what is left (and queues it when none
 * are), {@code queue} holds it until the budget renews, {@code refuse} turns it away at submission.
 */
public enum OverBudget {
  DEFER,
  QUEUE,
  REFUSE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(OverBudget::label).toList();
  }

  public static Optional<OverBudget> parse(String label) {
    return Arrays.stream(values()).filter(action -> action.label().equals(label)).findFirst();
  }
}
