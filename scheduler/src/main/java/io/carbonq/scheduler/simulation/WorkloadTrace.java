package io.carbonq.scheduler.simulation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The jobs a scenario replays, laid on its time line, with the trace's day zero (what {@code
 * --from-day} counts from) and the rows it could not use, each with its line and reason.
 */
public record WorkloadTrace(
    String source, Instant dayZero, List<RecordedJob> jobs, List<String> skipped) {

  public WorkloadTrace {
    jobs = List.copyOf(jobs);
    skipped = List.copyOf(skipped);
  }

  /** The bundled Alibaba GPU trace subset, its day zero laid on {@code dayZero}. */
  public static WorkloadTrace bundled(Instant dayZero) {
    return new WorkloadTrace(
        "Alibaba GPU trace v2023 (bundled subset)",
        dayZero,
        AlibabaTrace.gpuPods().stream().map(pod -> AlibabaTrace.job(pod, dayZero)).toList(),
        List.of());
  }

  /**
   * A workload file: the Alibaba GPU trace v2023 pod CSV (its day zero laid on {@code dayZero}) or
   * carbonq's plain jobs CSV (absolute times; day zero the midnight before its first arrival), told
   * apart by the header. Gzipped files are read as well.
   */
  public static WorkloadTrace read(Path file, Instant dayZero) {
    try (BufferedReader reader = open(file)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty");
      }
      header = header.replace("\uFEFF", "");
      if (header.startsWith(AlibabaTrace.HEADER)) {
        return AlibabaTrace.read(file.toString(), reader, dayZero);
      }
      return PlainJobsCsv.read(file.toString(), header, reader);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such workload file: " + file);
    }
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
