package io.carbonq.scheduler.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonq.scheduler.simulation.AlibabaTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** A history file in any format a backtest reads, told apart by its content unless named. */
public final class HistoryFiles {
  /** The formats by name, as {@code --format} takes them. */
  public static final List<String> FORMATS =
      List.of("auto", "slurm", "kubernetes", "kueue", "csv", "alibaba");

  private HistoryFiles() {}

  /**
   * Reads {@code file} (gzipped too) as {@code format}, or as what its content shows for {@code
   * auto}; times without an offset are in {@code zone}; the Alibaba trace's day zero is laid on
   * {@code dayZero}.
   */
  public static History read(Path file, String named, ZoneId zone, Instant dayZero) {
    String format = named.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "unknown format '" + format + "'; known: " + String.join(", ", FORMATS));
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + " is a directory; give the history file in it");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    String name = file.toString();
    try (BufferedReader reader = open(file)) {
      reader.mark(1 << 16);
      int first = firstNonBlank(reader);
      reader.reset();
      boolean json = first == '{' || first == '[';
      if (json || format.equals("kubernetes") || format.equals("kueue")) {
        JsonNode root = new ObjectMapper().readTree(reader);
        String kind = format.equals("auto") ? jsonKind(root) : format;
        return kind.equals("kueue")
            ? KueueHistory.read(name, root)
            : KubernetesHistory.read(name, root);
      }
      // Read once, so that a pipe (sacct ... | carbonq backtest --jobs /dev/stdin) works too.
      BufferedReader text = new BufferedReader(new LineLimit(name, reader), 1 << 17);
      text.mark(LineLimit.MAX_CHARS + 2);
      String header = text.readLine();
      if (header == null) {
        throw new IllegalArgumentException(name + " is empty");
      }
      String kind = format.equals("auto") ? textKind(name, header) : format;
      return switch (kind) {
        case "slurm" -> {
          // The sacct reader reads the header itself.
          text.reset();
          yield SacctHistory.read(name, text, zone);
        }
        case "alibaba" -> AlibabaHistory.read(name, text, dayZero);
        default -> HistoryCsv.read(name, header, text, zone);
      };
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          name + ": not valid JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException(
          name + ": not a readable gzip file (" + e.getMessage() + ")");
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException(name + ": the file ends in the middle (cut short?)");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IllegalArgumentException(name + ": permission denied");
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + ": " + e, e);
    }
  }

  private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
    return e.getLocation() == null
        ? "an unknown place"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static int firstNonBlank(BufferedReader reader) throws IOException {
    for (int c = reader.read(); c >= 0; c = reader.read()) {
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c;
      }
    }
    return -1;
  }

  /** Kueue Workloads or Kubernetes Jobs and Pods. */
  private static String jsonKind(JsonNode root) {
    JsonNode items = root.path("items");
    JsonNode sample = items.isArray() && !items.isEmpty() ? items.get(0) : root;
    return sample.path("apiVersion").asText().startsWith("kueue.x-k8s.io") ? "kueue" : "kubernetes";
  }

  private static String textKind(String name, String header) {
    if (header.contains("|") && header.toLowerCase(Locale.ROOT).contains("jobid")) {
      return "slurm";
    }
    if (header.startsWith(AlibabaTrace.HEADER)) {
      return "alibaba";
    }
    if (HistoryCsv.recognises(header)) {
      return "csv";
    }
    throw new IllegalArgumentException(
        name
            + ": not a history this command reads. It reads Slurm's `sacct --parsable2` output,"
            + " `kubectl get jobs,pods -A -o json`, Kueue Workloads as JSON, the Alibaba GPU trace"
            + " v2023 pod CSV, and a CSV with submit, start, end and gpus columns (see"
            + " docs/backtest.md); its first line is: "
            + printable(header.length() > 80 ? header.substring(0, 80) + "…" : header));
  }

  /** Text fit for a terminal: control characters (a binary's, an escape sequence's) as '?'. */
  private static String printable(String text) {
    return text.replaceAll("[\\p{Cntrl}&&[^\t]]", "?");
  }

  /**
   * The file as text, gunzipped when it is gzip (by its first bytes, whatever its name), past a
   * UTF-8 byte order mark.
   */
  private static BufferedReader open(Path file) throws IOException {
    InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    if (gzip) {
      in = new GZIPInputStream(in);
    }
    BufferedReader buffered =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 17);
    buffered.mark(1);
    if (buffered.read() != '\uFEFF') {
      buffered.reset();
    }
    return buffered;
  }
}
