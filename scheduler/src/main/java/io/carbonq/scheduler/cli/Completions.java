package io.carbonq.scheduler.cli;

import io.carbonq.config.CarbonqConfig;
import io.carbonq.config.ConfigLoader;
import io.carbonq.forecasts.trace.TraceLibrary;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * What shell completion offers for the flags that take a name, from the bundled configuration and
 * traces. Each is read only when completion or help asks, not on every command. Job and sweep ids
 * only the server knows: {@link ServerIds} marks the parameters that take them.
 */
final class Completions {
  private Completions() {}

  /** GPU models: A100, H100, … */
  static final class GpuModels implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ConfigLoader.bundledDefault().gpuModels().iterator();
    }
  }

  /** Cloud regions: aws:us-east-1, gcp:europe-west4, … */
  static final class Regions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ConfigLoader.bundledDefault().regionNames().iterator();
    }
  }

  /** Grid zones: those with a bundled trace and those the bundled regions lie in. */
  static final class Zones implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      CarbonqConfig config = ConfigLoader.bundledDefault();
      Set<String> zones = new TreeSet<>(TraceLibrary.bundled().zones());
      config.regionNames().forEach(name -> config.region(name).ifPresent(r -> zones.add(r.zone())));
      return zones.iterator();
    }
  }

  /** What {@code carbonq __complete-ids} prints: job ids, sweep names, both, or nothing. */
  enum IdKind {
    jobs,
    sweeps,
    all,
    none
  }

  /**
   * Marks the first positional parameter of a command under the root as naming jobs or sweeps. Only
   * the running server knows them, so the completion script asks {@code carbonq __complete-ids} for
   * them as it completes ({@link CompletionCommand}).
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface ServerIds {
    /** What the parameter names. */
    IdKind value();

    /** Flags of the command that make the parameter name something else. */
    KindWith[] kindWith() default {};
  }

  /** With {@code flag} on the line, the parameter names {@code kind}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface KindWith {
    String flag();

    IdKind kind();
  }
}
