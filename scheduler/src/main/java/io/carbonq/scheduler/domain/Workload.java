package io.carbonq.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A training job as queued by a user ("job" in the CLI). The image and command are opaque to the
 * planner. It needs {@code gpus} devices of one of {@code gpuModels} (empty: any model) for {@code
 * duration}, may start from {@code earliestStart} and must finish by {@code deadline}, in one of
 * {@code regions}. Its {@code home}, when it has one, is the region its savings are measured
 * against ("less than running now in …"); it may lie outside {@code regions}. Without a home, the
 * planner compares with where a carbon-blind scheduler would run it. Higher {@code priority} is
 * planned first. {@code env} and {@code volumes} are the run's environment and storage, as opaque
 * to the planner as its image and command.
 */
public record Workload(
    String id,
    String owner,
    String image,
    List<String> command,
    int gpus,
    Set<String> gpuModels,
    Duration duration,
    Instant earliestStart,
    Instant deadline,
    List<String> regions,
    Optional<String> home,
    boolean interruptible,
    int priority,
    Optional<SweepRef> sweep,
    Map<String, String> env,
    List<Volume> volumes) {

  /** A name, or the queue's key of an owner's name: the owner, '_' and the name. */
  private static final Pattern ID =
      Pattern.compile("([a-z0-9][a-z0-9._-]{0,63}_)?[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

  /** The earliest and latest times a workload may name: what ISO-8601 and epoch millis hold. */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

  public Workload {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "workload id '"
              + id
              + "' must be 1-63 lower-case letters, digits, '-' or '.', after its owner and '_'"
              + " where it has one");
    }
    owner = Objects.requireNonNull(owner, "owner");
    image = Objects.requireNonNull(image, "image");
    command = List.copyOf(command);
    gpuModels = Set.copyOf(new LinkedHashSet<>(gpuModels));
    regions = List.copyOf(regions);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(sweep, "sweep");
    env = Map.copyOf(env);
    volumes = List.copyOf(volumes);
    if (gpus <= 0) {
      throw new IllegalArgumentException("workload " + id + ": gpus must be > 0, got " + gpus);
    }
    durationProblem(duration)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("workload " + id + ": duration " + problem);
            });
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("workload " + id + ": at least one region is needed");
    }
    requireTime(id, "earliestStart", earliestStart);
    requireTime(id, "deadline", deadline);
    requireStorableTexts(id, owner, image, command, gpuModels, regions, env);
    if (home.filter(String::isBlank).isPresent()) {
      throw new IllegalArgumentException("workload " + id + ": home must name a region");
    }
    home.ifPresent(region -> StorableText.require("workload " + id, "home", region));
    requireDistinctVolumes(id, volumes);
    if (Duration.between(earliestStart, deadline).compareTo(duration) < 0) {
      throw new IllegalArgumentException(
          "workload "
              + id
              + ": deadline "
              + deadline
              + " is before earliest start "
              + earliestStart
              + " plus duration "
              + duration);
    }
  }

  /**
   * Why {@code duration} cannot be a workload's run time, or empty: it must be positive and a whole
   * number of seconds, since the queue stores whole seconds.
   */
  public static Optional<String> durationProblem(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return Optional.of("must be positive");
    }
    if (duration.getNano() != 0) {
      return Optional.of(
          "must be a whole number of seconds (the queue stores whole seconds), got " + duration);
    }
    return Optional.empty();
  }

  private static void requireTime(String id, String field, Instant time) {
    Objects.requireNonNull(time, field);
    if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(
          "workload "
              + id
              + ": "
              + field
              + " "
              + time
              + " is outside "
              + MIN_TIME
              + " to "
              + MAX_TIME);
    }
  }

  private static void requireStorableTexts(
      String id,
      String owner,
      String image,
      List<String> command,
      Set<String> gpuModels,
      List<String> regions,
      Map<String, String> env) {
    String workload = "workload " + id;
    StorableText.require(workload, "owner", owner);
    StorableText.require(workload, "image", image);
    command.forEach(part -> StorableText.require(workload, "command", part));
    gpuModels.forEach(model -> StorableText.require(workload, "gpuModels", model));
    regions.forEach(region -> StorableText.require(workload, "regions", region));
    env.forEach(
        (name, value) -> {
          StorableText.require(workload, "env name", name);
          StorableText.require(workload, "env " + name, value);
        });
  }

  /** Kubernetes refuses a pod whose volumes share a name or a mount path. */
  private static void requireDistinctVolumes(String id, List<Volume> volumes) {
    Set<String> names = new java.util.HashSet<>();
    Set<String> paths = new java.util.HashSet<>();
    for (Volume volume : volumes) {
      if (!names.add(volume.name())) {
        throw new IllegalArgumentException(
            "workload " + id + ": two volumes are named '" + volume.name() + "'");
      }
      if (!paths.add(volume.mountPath())) {
        throw new IllegalArgumentException(
            "workload " + id + ": two volumes are mounted at " + volume.mountPath());
      }
    }
  }

  /** When the workload can first start, planning at {@code now}: now, or its earliest start. */
  public Instant readyAt(Instant now) {
    return earliestStart.isAfter(now) ? earliestStart : now;
  }

  /** The last start that still finishes by the deadline. */
  public Instant latestStart() {
    return deadline.minus(duration);
  }

  public boolean accepts(String gpuModel) {
    return gpuModels.isEmpty() || gpuModels.contains(gpuModel);
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Builds a workload; unset fields take the defaults named on each setter. */
  public static final class Builder {
    private final String id;
    private Map<String, String> env = Map.of();
    private List<Volume> volumes = List.of();
    private String owner = "unknown";
    private String image = "";
    private List<String> command = List.of();
    private int gpus = 1;
    private Set<String> gpuModels = Set.of();
    private Duration duration = Duration.ofHours(1);
    private Instant earliestStart;
    private Instant deadline;
    private List<String> regions = List.of();
    private Optional<String> home = Optional.empty();
    private boolean interruptible;
    private int priority;
    private Optional<SweepRef> sweep = Optional.empty();

    private Builder(String id) {
      this.id = id;
    }

    /** Everything but the id as {@code other} has it; setters called after this change it. */
    public Builder like(Workload other) {
      owner = other.owner();
      image = other.image();
      command = other.command();
      gpus = other.gpus();
      gpuModels = other.gpuModels();
      duration = other.duration();
      earliestStart = other.earliestStart();
      deadline = other.deadline();
      regions = other.regions();
      home = other.home();
      interruptible = other.interruptible();
      priority = other.priority();
      sweep = other.sweep();
      env = other.env();
      volumes = other.volumes();
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder command(List<String> command) {
      this.command = command;
      return this;
    }

    /** Default 1. */
    public Builder gpus(int gpus) {
      this.gpus = gpus;
      return this;
    }

    /** Default: any model. */
    public Builder gpuModels(Set<String> gpuModels) {
      this.gpuModels = gpuModels;
      return this;
    }

    /** Default 1h. */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /** Required. */
    public Builder earliestStart(Instant earliestStart) {
      this.earliestStart = earliestStart;
      return this;
    }

    /** Required. */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Required: where it may run. */
    public Builder regions(List<String> regions) {
      this.regions = regions;
      return this;
    }

    /** Default: none. The region its savings are measured against; may be outside regions. */
    public Builder home(String home) {
      return home(Optional.of(home));
    }

    public Builder home(Optional<String> home) {
      this.home = home;
      return this;
    }

    public Builder interruptible(boolean interruptible) {
      this.interruptible = interruptible;
      return this;
    }

    /** Default 0; higher is planned first. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Default: none. The run's environment variables, opaque to the planner. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Default: none. What the run mounts. */
    public Builder volumes(List<Volume> volumes) {
      this.volumes = List.copyOf(volumes);
      return this;
    }

    public Builder sweep(SweepRef sweep) {
      this.sweep = Optional.of(sweep);
      return this;
    }

    public Workload build() {
      Objects.requireNonNull(earliestStart, "workload " + id + ": earliestStart is required");
      Objects.requireNonNull(deadline, "workload " + id + ": deadline is required");
      return new Workload(
          id,
          owner,
          image,
          command,
          gpus,
          gpuModels,
          duration,
          earliestStart,
          deadline,
          regions,
          home,
          interruptible,
          priority,
          sweep,
          env,
          volumes);
    }
  }
}
