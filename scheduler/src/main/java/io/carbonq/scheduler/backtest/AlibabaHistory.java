package io.carbonq.scheduler.backtest;

import io.carbonq.scheduler.simulation.AlibabaPod;
import io.carbonq.scheduler.simulation.AlibabaTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Alibaba GPU trace v2023 pod CSV as a history: its times count seconds from the trace's day
 * zero, laid on {@code dayZero}. A GPU-sharing pod holds one GPU; a pod's {@code qos} is its label
 * (LS, latency-sensitive, starts when it was created).
 */
final class AlibabaHistory {
  private AlibabaHistory() {}

  private static String reason(String line) {
    if (line.contains("never ran")) {
      return "ran for no time";
    }
    if (line.contains(AlibabaTrace.NO_GPU)) {
      return "no GPU";
    }
    return line.contains(AlibabaTrace.NEVER_SCHEDULED) ? "never started" : "unreadable";
  }

  static History read(String name, BufferedReader reader, Instant dayZero) throws IOException {
    List<String> unread = new ArrayList<>();
    List<AlibabaPod> pods = AlibabaTrace.gpuPods(name, reader, unread);
    List<HistoryJob> jobs = new ArrayList<>();
    for (AlibabaPod pod : pods) {
      jobs.add(
          new HistoryJob(
              pod.name(),
              "",
              "default",
              dayZero.plusSeconds(pod.created()),
              dayZero.plusSeconds(pod.scheduled()),
              dayZero.plusSeconds(pod.deleted()),
              Math.max(1, pod.gpus()),
              Optional.empty(),
              Optional.empty(),
              "COMPLETED",
              Map.of("qos", pod.qos())));
    }
    List<History.Skipped> skipped = new ArrayList<>();
    for (String line : unread) {
      int colon = line.indexOf(": ");
      skipped.add(
          new History.Skipped(line.substring(0, colon), reason(line), line.substring(colon + 2)));
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": no GPU pod that ran in this Alibaba GPU trace pod CSV"
              + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " rows"));
    }
    return new History(name, "Alibaba GPU trace v2023 pods", jobs, skipped);
  }
}
