package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One workload's progress through a simulation. Mutable; owned by the simulator. Policies see the
 * workload as its user submitted it, with the run time the user estimated ({@link #workload()},
 * {@link #remainingSeconds()}); the simulator runs it for its actual run time ({@link #actual()}).
 */
public final class JobRun {
  final Workload workload;
  private final Workload actual;

  /** The actual work left, resume overheads included. */
  long remainingSeconds;

  /** What the estimate adds to the actual run time (negative when the user underestimated). */
  private final long estimateExcess;

  /** The least a policy is told is left of work still going: one step of virtual time. */
  private final long minimumSeen;

  int region = -1;
  Instant firstStart;
  Instant end;
  boolean running;
  int resumes;
  int migrations;
  double kwh;
  double grams;
  private Instant runningSince;
  private final List<RunSpan> spans = new ArrayList<>();

  JobRun(Workload workload) {
    this(workload, workload, 1);
  }

  /**
   * A run of {@code actual} whose user submitted it as {@code seen}: the same workload but for its
   * run time (and for work that must start on arrival, the deadline that follows from it).
   */
  JobRun(Workload actual, Workload seen, long minimumSeenSeconds) {
    this.workload = seen;
    this.actual = actual;
    this.remainingSeconds = actual.duration().getSeconds();
    this.estimateExcess = seen.duration().getSeconds() - actual.duration().getSeconds();
    this.minimumSeen = minimumSeenSeconds;
  }

  /** The workload as submitted: its duration is the user's estimate. */
  public Workload workload() {
    return workload;
  }

  /** The workload as it runs: its actual duration. What the oracles and the results go by. */
  public Workload actual() {
    return actual;
  }

  /** The region index it runs in, or -1 before it starts. */
  public int region() {
    return region;
  }

  public boolean started() {
    return firstStart != null;
  }

  public boolean running() {
    return running;
  }

  public boolean finished() {
    return end != null;
  }

  /**
   * The work left as a scheduler would reckon it: the estimate less the work done. Work that runs
   * past its estimate is reckoned to end within a step.
   */
  public long remainingSeconds() {
    if (estimateExcess == 0 || remainingSeconds == 0) {
      return remainingSeconds;
    }
    return Math.max(minimumSeen, remainingSeconds + estimateExcess);
  }

  public Instant firstStart() {
    return firstStart;
  }

  public Instant end() {
    return end;
  }

  public int resumes() {
    return resumes;
  }

  /** Resumes in another region than the run was paused in. */
  public int migrations() {
    return migrations;
  }

  public double kwh() {
    return kwh;
  }

  public double kgCo2e() {
    return grams / 1000;
  }

  /**
   * The stretches it ran, in order, each in one region; a run still going when the simulation gave
   * up has its last stretch left out. Between them it was paused and held no GPUs.
   */
  public List<RunSpan> spans() {
    return List.copyOf(spans);
  }

  /** Runs in {@link #region} from {@code now}. */
  void runFrom(Instant now) {
    running = true;
    runningSince = now;
  }

  /** Stops running at {@code at}, by a pause or at its end. */
  void stopAt(Instant at) {
    running = false;
    spans.add(new RunSpan(region, runningSince, at));
  }
}
