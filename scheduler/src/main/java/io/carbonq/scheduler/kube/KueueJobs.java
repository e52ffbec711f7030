package io.carbonq.scheduler.kube;

import io.carbonq.config.DurationText;
import io.carbonq.config.ExecutorConfig;
import io.carbonq.k8s.KueueWorkloads;
import io.carbonq.scheduler.domain.NodePool;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.fleet.Fleet;
import io.carbonq.scheduler.queue.JobKeys;
import io.carbonq.scheduler.queue.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Kueue Workload as a carbonq job: its owner (the {@code carbonq.dev/owner} label, else its
 * namespace), its GPUs from its pod sets, its run time and deadline from the annotations {@code
 * carbonq.io/duration} and {@code carbonq.io/deadline} (a time, or a duration after the Workload
 * was made) or the configured defaults, {@code carbonq.io/interruptible}, and the pools of the
 * cluster Kueue runs in. The job's image names the Workload, {@code kueue:NAMESPACE/NAME}, which is
 * how the executor knows it holds no Job of carbonq's.
 */
final class KueueJobs {
  static final String IMAGE_PREFIX = "kueue:";
  static final String REQUEST_PREFIX = "kueue:";

  /** The longest run time or deadline an annotation may give: what a plan can hold. */
  static final Duration LONGEST = Duration.ofDays(30);

  static final String DURATION = "carbonq.io/duration";
  static final String DEADLINE = "carbonq.io/deadline";
  static final String INTERRUPTIBLE = "carbonq.io/interruptible";

  private KueueJobs() {}

  /** A Workload's annotation that cannot be read; the message names it and the fix. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** The job standing for {@code waiting}, or {@link Unreadable} with what to fix. */
  static Workload job(
      KueueWorkloads.Waiting waiting, ExecutorConfig.KueueAdmission settings, Fleet fleet) {
    String owner = waiting.namespace();
    Duration duration =
        annotation(waiting, DURATION)
            .map(text -> duration(text, DURATION))
            .orElse(settings.defaultDuration());
    Instant deadline =
        annotation(waiting, DEADLINE)
            .map(text -> deadline(text, waiting.created()))
            .orElseGet(() -> waiting.created().plus(duration).plus(settings.defaultSlack()));
    boolean interruptible =
        annotation(waiting, INTERRUPTIBLE)
            .map(
                text -> {
                  if (!text.equals("true") && !text.equals("false")) {
                    throw new Unreadable(INTERRUPTIBLE + " '" + text + "' must be true or false");
                  }
                  return text.equals("true");
                })
            .orElse(false);
    Set<String> regions = new LinkedHashSet<>();
    Set<String> models = new LinkedHashSet<>();
    for (NodePool pool : fleet.pools()) {
      if (settings.pools().contains(pool.name())) {
        regions.add(pool.region().name());
        models.add(pool.gpuModel());
      }
    }
    Instant earliest = waiting.created();
    if (deadline.isBefore(earliest.plus(duration))) {
      // Already too late for its run time: it goes at once, as a missed deadline would.
      deadline = earliest.plus(duration);
    }
    List<String> allowed = new ArrayList<>(regions);
    return Workload.builder(id(waiting, owner))
        .owner(owner)
        .image(IMAGE_PREFIX + waiting.namespace() + "/" + waiting.name())
        .gpus(waiting.gpus())
        .gpuModels(models)
        .duration(duration)
        .earliestStart(earliest)
        .deadline(deadline)
        .regions(allowed)
        .home(allowed.isEmpty() ? Optional.empty() : Optional.of(allowed.get(0)))
        .interruptible(interruptible)
        .build();
  }

  /**
   * The queue's key of the job: the owner's, with the name {@code NAMESPACE.NAME} where that is a
   * job name (at most 63 lower-case letters, digits, '.' and '-'), else its start and a hash of the
   * Workload's uid, so that two Workloads never share one.
   */
  static String id(KueueWorkloads.Waiting waiting, String owner) {
    String name = waiting.namespace() + "." + waiting.name();
    if (name.length() > 63) {
      String hash = Integer.toHexString(waiting.uid().hashCode() & 0x7fffffff);
      name = name.substring(0, 63 - hash.length() - 1).replaceAll("[.-]+$", "") + "-" + hash;
    }
    return JobKeys.key(owner, name);
  }

  /** The request id that takes a Workload into the queue once: its uid. */
  static String requestId(KueueWorkloads.Waiting waiting) {
    return REQUEST_PREFIX + waiting.uid();
  }

  /**
   * Whether {@code job} stands for a Kueue Workload: taken in under a {@code kueue:} request id.
   */
  static boolean isKueue(QueuedJob job) {
    return job.requestId().filter(id -> id.startsWith(REQUEST_PREFIX)).isPresent()
        && job.workload().image().startsWith(IMAGE_PREFIX)
        && job.workload().image().indexOf('/') > IMAGE_PREFIX.length();
  }

  /** The namespace and name of the Workload a job stands for. */
  static String[] workload(QueuedJob job) {
    String rest = job.workload().image().substring(IMAGE_PREFIX.length());
    int slash = rest.indexOf('/');
    return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
  }

  private static Optional<String> annotation(KueueWorkloads.Waiting waiting, String key) {
    return Optional.ofNullable(waiting.annotations().get(key))
        .or(() -> Optional.ofNullable(waiting.labels().get(key)))
        .map(String::strip);
  }

  private static Duration duration(String text, String key) {
    Optional<Duration> parsed =
        DurationText.parse(text)
            .filter(d -> !d.isZero() && !d.isNegative() && d.compareTo(LONGEST) <= 0);
    if (parsed.isEmpty()) {
      throw new Unreadable(
          key + " '" + text + "' must be a run time such as 6h or 1h30m, at most 30d");
    }
    return parsed.get();
  }

  private static Instant deadline(String text, Instant created) {
    Optional<Duration> after =
        DurationText.parse(text).filter(d -> !d.isNegative() && d.compareTo(LONGEST) <= 0);
    if (after.isPresent()) {
      return created.plus(after.get());
    }
    try {
      Instant at = OffsetDateTime.parse(text).toInstant();
      if (at.isAfter(created.plus(LONGEST.multipliedBy(12)))) {
        throw new Unreadable(
            DEADLINE + " '" + text + "' is more than a year after the Workload was made");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw new Unreadable(
          DEADLINE
              + " '"
              + text
              + "' is neither a time like 2026-12-01T18:00:00Z nor a duration like 24h");
    }
  }
}
