package io.carbonq.scheduler.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hyperparameter sweep: one workload template and a grid of parameter values. It expands into one
 * trial per combination, each the template with {@code --name=value} arguments appended (or, passed
 * in the environment, with {@code name=value} variables set and the command unchanged, as a job
 * array's index is), all sharing the template's deadline and at most {@code maxParallel} running at
 * once. A grid makes at most {@link #MAX_TRIALS} trials.
 */
public record Sweep(
    String id,
    Workload template,
    Map<String, List<String>> parameters,
    int maxParallel,
    Passing passing) {
  /** The most trials one sweep may make. */
  public static final int MAX_TRIALS = 10_000;

  /** How a trial is given its values. */
  public enum Passing {
    /** {@code --name=value} after the template's command. */
    ARGUMENTS,
    /** The environment variable {@code name} set to the value. */
    ENVIRONMENT
  }

  /** A sweep whose values are passed as arguments. */
  public Sweep(
      String id, Workload template, Map<String, List<String>> parameters, int maxParallel) {
    this(id, template, parameters, maxParallel, Passing.ARGUMENTS);
  }

  public Sweep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(passing, "passing");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    parameters = java.util.Collections.unmodifiableMap(copy);
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("sweep " + id + ": at least one parameter is needed");
    }
    parameters.forEach(
        (name, values) -> {
          if (values.isEmpty()) {
            throw new IllegalArgumentException(
                "sweep " + id + ": parameter " + name + " has no values");
          }
        });
    if (trialCount(parameters.values()) > MAX_TRIALS) {
      throw new IllegalArgumentException(
          "sweep " + id + ": the grid makes more than " + MAX_TRIALS + " trials");
    }
    if (maxParallel <= 0) {
      throw new IllegalArgumentException(
          "sweep " + id + ": maxParallel must be > 0, got " + maxParallel);
    }
  }

  /** The number of trials: the product of the value counts. */
  public int size() {
    return (int) trialCount(parameters.values());
  }

  /**
   * The product of the lists' sizes, or {@code MAX_TRIALS + 1} as soon as it passes {@link
   * #MAX_TRIALS}: a grid of many parameters overflows any integer long before it is expanded.
   */
  public static long trialCount(Collection<? extends List<?>> values) {
    long trials = 1;
    for (List<?> list : values) {
      trials *= list.size();
      if (trials > MAX_TRIALS) {
        return MAX_TRIALS + 1L;
      }
    }
    return trials;
  }

  /**
   * One workload per combination, ids {@code <sweep>-000}, {@code <sweep>-001}, … in grid order; a
   * job array's (one parameter of whole numbers, passed in the environment) are named by their
   * index instead, {@code <sweep>-4} as Slurm's {@code <job>_4}, so that the name says which task
   * it is.
   */
  public List<Workload> trials() {
    List<List<String>> combinations = new ArrayList<>(List.of(List.of()));
    parameters.forEach(
        (name, values) -> {
          List<List<String>> next = new ArrayList<>();
          for (List<String> prefix : combinations) {
            for (String value : values) {
              List<String> arguments = new ArrayList<>(prefix);
              arguments.add(name + "=" + value);
              next.add(arguments);
            }
          }
          combinations.clear();
          combinations.addAll(next);
        });
    List<Workload> trials = new ArrayList<>(combinations.size());
    SweepRef ref = new SweepRef(id, maxParallel);
    boolean byIndex = byIndex();
    for (int i = 0; i < combinations.size(); i++) {
      List<String> command = new ArrayList<>(template.command());
      Map<String, String> env = new LinkedHashMap<>(template.env());
      for (String pair : combinations.get(i)) {
        if (passing == Passing.ARGUMENTS) {
          command.add("--" + pair);
        } else {
          int equals = pair.indexOf('=');
          env.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
      }
      String suffix = byIndex ? parameters.values().iterator().next().get(i) : "%03d".formatted(i);
      trials.add(
          Workload.builder(id + "-" + suffix)
              .like(template)
              .command(command)
              .env(env)
              .sweep(ref)
              .build());
    }
    return trials;
  }

  /** Whether trials are named by their value: a job array's indices. */
  private boolean byIndex() {
    return passing == Passing.ENVIRONMENT
        && parameters.size() == 1
        && parameters.values().iterator().next().stream()
            .allMatch(value -> value.matches("\\d{1,9}"));
  }
}
