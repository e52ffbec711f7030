package io.carbonq.scheduler.spec;

import io.carbonq.scheduler.domain.Sweep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job array's indices as Slurm's {@code --array} writes them: {@code 0-15}, {@code 0-15:2} (every
 * second), {@code 1,3,5}, mixed ({@code 0-3,8,10-20:5}), and {@code %8} at the end for at most 8
 * running at once. Indices are 0 to {@value #MAX_INDEX}, each given once, in the order written; an
 * array has at most {@link Sweep#MAX_TRIALS} of them.
 */
public record ArrayIndices(List<String> indices, OptionalInt maxParallel) {
  /** The variable each trial of an array finds its index in, as Slurm's SLURM_ARRAY_TASK_ID. */
  public static final String VARIABLE = "CARBONQ_ARRAY_TASK_ID";

  public static final int MAX_INDEX = 9_999_999;

  private static final Pattern ITEM = Pattern.compile("(\\d{1,7})(?:-(\\d{1,7})(?::(\\d{1,7}))?)?");
  private static final Pattern PARALLEL = Pattern.compile("(.*)%(\\d{1,6})");

  public ArrayIndices {
    indices = List.copyOf(indices);
  }

  /** The indices {@code text} gives, or why it gives none. */
  public static Result parse(String text) {
    String rest = text.strip();
    OptionalInt parallel = OptionalInt.empty();
    Matcher limit = PARALLEL.matcher(rest);
    if (limit.matches()) {
      int cap = Integer.parseInt(limit.group(2));
      if (cap < 1) {
        return Result.error("the %N after the indices must be at least 1, got %" + cap);
      }
      parallel = OptionalInt.of(cap);
      rest = limit.group(1);
    }
    Set<Integer> indices = new LinkedHashSet<>();
    for (String item : rest.split(",", -1)) {
      Matcher m = ITEM.matcher(item.strip());
      if (!m.matches()) {
        return Result.error(
            "'"
                + item.strip()
                + "' is not an index or range; write indices as Slurm's --array does: 0-15,"
                + " 0-15:2, 1,3,5 or 0-99%8");
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      if (to < from) {
        return Result.error("the range " + item.strip() + " ends before it starts");
      }
      if (step < 1) {
        return Result.error("the step in " + item.strip() + " must be at least 1");
      }
      if (indices.size() + ((long) to - from) / step + 1 > Sweep.MAX_TRIALS) {
        return Result.error(
            "'" + text.strip() + "' makes more than " + Sweep.MAX_TRIALS + " trials, the limit");
      }
      for (int index = from; index <= to; index += step) {
        if (!indices.add(index)) {
          return Result.error("index " + index + " is given twice");
        }
      }
    }
    return Result.of(new ArrayIndices(indices.stream().map(String::valueOf).toList(), parallel));
  }

  /** Parsed indices, or the message saying why there are none. */
  public record Result(Optional<ArrayIndices> indices, Optional<String> error) {
    static Result of(ArrayIndices indices) {
      return new Result(Optional.of(indices), Optional.empty());
    }

    static Result error(String message) {
      return new Result(Optional.empty(), Optional.of(message));
    }
  }
}
