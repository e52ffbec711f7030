package io.carbonq.scheduler.backtest;

import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The GPUs in a Slurm TRES list such as {@code billing=16,cpu=16,gres/gpu:a100=2,gres/gpu=2,...}:
 * the count from {@code gres/gpu}, the model from {@code gres/gpu:<type>} in upper case.
 */
final class SlurmTres {
  private static final String GPU = "gres/gpu";

  private SlurmTres() {}

  static GpuRequest gpus(String field, String tres) {
    if (tres.isEmpty()) {
      return GpuRequest.NONE;
    }
    int untyped = -1;
    TreeMap<String, Integer> byModel = new TreeMap<>();
    for (String entry : tres.split(",")) {
      int equals = entry.indexOf('=');
      if (equals < 1) {
        throw UnusableRow.unreadable(
            field + " entry '" + entry + "' is not name=count (in '" + tres + "')");
      }
      String name = entry.substring(0, equals);
      if (name.equals(GPU)) {
        untyped = count(field, entry);
      } else if (name.startsWith(GPU + ":")) {
        String model = name.substring(GPU.length() + 1).toUpperCase(Locale.ROOT);
        byModel.merge(model, count(field, entry), Integer::sum);
      }
    }
    // Older Slurm lists only the typed entries; newer lists the total beside them.
    int count =
        untyped >= 0 ? untyped : byModel.values().stream().mapToInt(Integer::intValue).sum();
    Optional<String> model =
        byModel.size() == 1 ? Optional.of(byModel.firstKey()) : Optional.empty();
    return new GpuRequest(count, model);
  }

  private static int count(String field, String entry) {
    String value = entry.substring(entry.indexOf('=') + 1);
    int count;
    try {
      count = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 0) {
      throw UnusableRow.unreadable(
          field + " entry '" + entry + "' does not end in a whole number of GPUs");
    }
    return count;
  }
}
