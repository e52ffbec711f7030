package io.carbonq.scheduler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Alibaba GPU cluster trace v2023 (Weng et al., "Beware of Fragmentation", USENIX ATC '23), its
 * pod CSV: carbonq bundles the pods created before day 141. Only pods that asked for GPUs and were
 * scheduled are read.
 */
public final class AlibabaTrace {
  public static final String HEADER =
      "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";
  private static final String RESOURCE = "alibaba_gpu_v2023_openb_pods_before_day141.csv";

  private AlibabaTrace() {}

  /** The bundled pods that ran on GPUs. */
  public static List<AlibabaPod> gpuPods() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                AlibabaTrace.class.getResourceAsStream(RESOURCE), StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (!header.startsWith(HEADER)) {
        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
      }
      List<AlibabaPod> pods = new ArrayList<>();
      // The bundled subset holds pods that never ran; they have nothing to replay.
      read(RESOURCE, reader, pods, new ArrayList<>());
      return pods;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pod as a job arriving {@code created} seconds after {@code dayZero}. */
  static RecordedJob job(AlibabaPod pod, Instant dayZero) {
    return RecordedJob.bare(
        pod.name(),
        pod.gpus(),
        dayZero.plusSeconds(pod.created()),
        Duration.ofSeconds(Math.max(0, pod.durationSeconds())),
        pod.latencySensitive());
  }

  /** The rest of a pod CSV whose header has been read, laid on {@code dayZero}. */
  static WorkloadTrace read(String name, BufferedReader reader, Instant dayZero)
      throws IOException {
    List<AlibabaPod> pods = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    read(name, reader, pods, skipped);
    return new WorkloadTrace(
        "Alibaba GPU trace v2023 format: " + name,
        dayZero,
        pods.stream().map(pod -> job(pod, dayZero)).toList(),
        skipped);
  }

  /**
   * The GPU pods that ran, from the rest of a pod CSV whose header has been read; rows that could
   * not be read go to {@code skipped} with their line and reason.
   */
  public static List<AlibabaPod> gpuPods(String name, BufferedReader reader, List<String> skipped)
      throws IOException {
    List<AlibabaPod> pods = new ArrayList<>();
    read(name, reader, pods, skipped, true);
    return pods;
  }

  /** What a skipped row's reason says of a CPU pod, and of a pod never scheduled. */
  public static final String NO_GPU = "asked for no GPU";

  public static final String NEVER_SCHEDULED = "was never scheduled";

  private static void read(
      String name, BufferedReader reader, List<AlibabaPod> pods, List<String> skipped)
      throws IOException {
    read(name, reader, pods, skipped, false);
  }

  /** As above; {@code countUnrun}: CPU pods and pods never scheduled are skipped rows too. */
  private static void read(
      String name,
      BufferedReader reader,
      List<AlibabaPod> pods,
      List<String> skipped,
      boolean countUnrun)
      throws IOException {
    int lineNumber = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        if (cells.length < 11) {
          throw new IllegalArgumentException("expected 11 columns, got " + cells.length);
        }
        int gpus = Integer.parseInt(cells[3]);
        if (gpus == 0 || cells[10].isEmpty()) {
          // CPU pods and pods never scheduled have no GPU run to replay.
          if (countUnrun) {
            skipped.add(
                name
                    + " line "
                    + lineNumber
                    + ": pod "
                    + cells[0]
                    + " "
                    + (gpus == 0 ? NO_GPU : NEVER_SCHEDULED));
          }
          continue;
        }
        AlibabaPod pod =
            new AlibabaPod(
                cells[0],
                gpus,
                Integer.parseInt(cells[4]),
                cells[6],
                Long.parseLong(cells[8]),
                Long.parseLong(cells[10]),
                Long.parseLong(cells[9]));
        if (pod.durationSeconds() <= 0) {
          skipped.add(name + " line " + lineNumber + ": pod " + pod.name() + " never ran");
          continue;
        }
        pods.add(pod);
      } catch (NumberFormatException e) {
        skipped.add(name + " line " + lineNumber + ": not a number: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        skipped.add(name + " line " + lineNumber + ": " + e.getMessage());
      }
    }
  }
}
