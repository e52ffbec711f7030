package io.carbonq.scheduler.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The jobs the embedded database has committed, appended to a file of their own and forced to disk
 * before the request is answered. H2 does not always have a commit in its file when the commit
 * returns: SIGKILL rounds lost about one acknowledged job in a few thousand. On the next start the
 * jobs the database lost are put back from here, and the journal is emptied once the database has
 * been closed cleanly, which writes everything it holds.
 */
public final class SubmissionJournal {
  private static final System.Logger LOG = System.getLogger(SubmissionJournal.class.getName());
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A journalled job with the digest of the request that queued it. */
  public record Entry(QueuedJob job, Optional<String> requestDigest) {}

  private final Path file;
  private FileChannel channel;

  public SubmissionJournal(Path file) {
    this.file = file;
  }

  /** Appends the jobs one request created, on disk when this returns. */
  public synchronized void append(List<QueuedJob> jobs, Optional<String> requestDigest) {
    StringBuilder lines = new StringBuilder();
    for (QueuedJob job : jobs) {
      lines.append(line(job, requestDigest)).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    try {
      FileChannel out = channel();
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(false);
    } catch (IOException e) {
      throw new StoreException("submission journal " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The journalled jobs, oldest first. A line cut short by a crash was never acknowledged and is
   * skipped, as is one that no longer reads (with a warning).
   */
  public synchronized List<Entry> entries() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the submission journal " + file, e);
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        entries.add(entry(MAPPER.readTree(lines.get(i))));
      } catch (IOException | RuntimeException e) {
        if (i < lines.size() - 1) {
          LOG.log(
              System.Logger.Level.WARNING,
              "submission journal {0} line {1} skipped: {2}",
              file,
              i + 1,
              e.getMessage());
        }
      }
    }
    return entries;
  }

  /** Empties the journal: call only once the database holds every journalled job for certain. */
  public synchronized void clear() {
    try {
      close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the submission journal " + file, e);
    }
  }

  /** Closes the file; the journal opens it again on the next append. */
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private FileChannel channel() throws IOException {
    if (channel == null) {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    return channel;
  }

  private static String line(QueuedJob job, Optional<String> requestDigest) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("spec", WorkloadJson.write(job.workload()));
    job.requestId().ifPresent(id -> line.put("requestId", id));
    requestDigest.ifPresent(digest -> line.put("requestDigest", digest));
    line.put("state", job.state().name());
    line.put("reason", job.stateReason());
    line.put("submittedMs", job.submittedAt().toEpochMilli());
    return line.toString();
  }

  private static Entry entry(JsonNode line) {
    QueuedJob job =
        new QueuedJob(
            WorkloadJson.read(line.required("spec").asText()),
            Optional.ofNullable(line.path("requestId").textValue()),
            JobState.valueOf(line.required("state").asText()),
            line.path("reason").asText(),
            Instant.ofEpochMilli(line.required("submittedMs").asLong()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0);
    return new Entry(job, Optional.ofNullable(line.path("requestDigest").textValue()));
  }
}
