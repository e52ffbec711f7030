package io.carbonq.forecasts.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.carbonq.forecasts.api.IntensitySeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last good forecast per source and zone, kept in a directory so it survives a restart, and an
 * archive of every forecast fetched, for measuring accuracy later. Each file is replaced whole by
 * an atomic rename, so a crash leaves the old or the new forecast, never half of one. An unreadable
 * file counts as absent.
 */
public final class ForecastCache {
  private static final System.Logger LOG = System.getLogger(ForecastCache.class.getName());
  private static final String ARCHIVE = "archive";

  /** A forecast as stored, with when it was fetched and which source fetched it. */
  public record Entry(String sourceId, Instant fetchedAt, IntensitySeries series) {}

  private final Path directory;

  public ForecastCache(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Keeps {@code series} as the latest of its source and zone, and archives it. */
  public synchronized void store(String sourceId, Instant fetchedAt, IntensitySeries series) {
    String json = SeriesJson.write(fetchedAt, series).toString();
    try {
      Path latest = latestFile(sourceId, series.zone());
      Files.createDirectories(latest.getParent());
      Path temporary = latest.resolveSibling(latest.getFileName() + ".tmp");
      Files.writeString(temporary, json, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, latest, StandardCopyOption.REPLACE_EXISTING);
      }
      Path archive = archiveFile(sourceId, series.zone());
      Files.createDirectories(archive.getParent());
      Files.writeString(
          archive,
          json + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the forecast cache in " + directory, e);
    }
  }

  /** The latest forecast {@code sourceId} gave for {@code zone}. */
  public Optional<Entry> latest(String sourceId, String zone) {
    Path file = latestFile(sourceId, zone);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      SeriesJson.Stored stored =
          SeriesJson.read(SeriesJson.MAPPER.readTree(Files.readString(file)));
      return Optional.of(new Entry(sourceId, stored.fetchedAt(), stored.series()));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring unreadable cache file {0}: {1}", file, e);
      return Optional.empty();
    }
  }

  /** The latest forecast of every source that has one for {@code zone}. */
  public List<Entry> latestOfEachSource(String zone) {
    List<Entry> entries = new ArrayList<>();
    for (String sourceId : children(directory, true)) {
      if (!sourceId.equals(ARCHIVE)) {
        latest(sourceId, zone).ifPresent(entries::add);
      }
    }
    return entries;
  }

  /** The zones with a latest forecast from any source. */
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>();
    for (String sourceId : children(directory, true)) {
      if (!sourceId.equals(ARCHIVE)) {
        for (String file : children(directory.resolve(sourceId), false)) {
          if (file.endsWith(".json")) {
            zones.add(file.substring(0, file.length() - ".json".length()));
          }
        }
      }
    }
    return zones;
  }

  /** Every archived forecast, oldest first per source and zone; unreadable lines are skipped. */
  public List<Entry> archived() {
    List<Entry> entries = new ArrayList<>();
    Path root = directory.resolve(ARCHIVE);
    for (String sourceId : children(root, true)) {
      for (String file : children(root.resolve(sourceId), false)) {
        if (!file.endsWith(".jsonl")) {
          continue;
        }
        try {
          for (String line : Files.readAllLines(root.resolve(sourceId).resolve(file))) {
            if (line.isBlank()) {
              continue;
            }
            try {
              SeriesJson.Stored stored = SeriesJson.read(SeriesJson.MAPPER.readTree(line));
              entries.add(new Entry(sourceId, stored.fetchedAt(), stored.series()));
            } catch (JsonProcessingException | RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "skipping unreadable archive line in {0}", file);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the forecast archive " + file, e);
        }
      }
    }
    return entries;
  }

  private Path latestFile(String sourceId, String zone) {
    return directory.resolve(safe(sourceId)).resolve(safe(zone) + ".json");
  }

  private Path archiveFile(String sourceId, String zone) {
    return directory.resolve(ARCHIVE).resolve(safe(sourceId)).resolve(safe(zone) + ".jsonl");
  }

  /** Zone and source names become file names; anything but letters, digits, '-' and '_' is out. */
  private static String safe(String name) {
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("'" + name + "' cannot name a cache file");
    }
    return name;
  }

  private static List<String> children(Path dir, boolean directories) {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        if (Files.isDirectory(child) == directories) {
          names.add(child.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    names.sort(null);
    return names;
  }
}
