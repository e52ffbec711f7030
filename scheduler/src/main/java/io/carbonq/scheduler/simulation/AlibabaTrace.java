package io.carbonq.scheduler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled subset of the Alibaba GPU cluster trace v2023 (Weng et al., "Beware of
 * Fragmentation", USENIX ATC '23): pods created before day 141. Only pods that asked for GPUs and
 * were scheduled are read.
 */
public final class AlibabaTrace {
  private static final String RESOURCE = "alibaba_gpu_v2023_openb_pods_before_day141.csv";

  private AlibabaTrace() {}

  public static List<AlibabaPod> gpuPods() {
    List<AlibabaPod> pods = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                AlibabaTrace.class.getResourceAsStream(RESOURCE), StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (!header.startsWith(
          "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time")) {
        throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
      }
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split(",", -1);
        int gpus = Integer.parseInt(cells[3]);
        if (gpus == 0 || cells[10].isEmpty()) {
          continue;
        }
        pods.add(
            new AlibabaPod(
                cells[0],
                gpus,
                Integer.parseInt(cells[4]),
                cells[6],
                Long.parseLong(cells[8]),
                Long.parseLong(cells[10]),
                Long.parseLong(cells[9])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pods;
  }
}
