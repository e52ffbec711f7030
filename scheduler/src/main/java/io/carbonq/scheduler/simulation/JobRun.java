package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One workload's progress through a simulation. Mutable; owned by the simulator. */
public final class JobRun {
  final Workload workload;
  int region = -1;
  long remainingSeconds;
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
    this.workload = workload;
    this.remainingSeconds = workload.duration().getSeconds();
  }

  public Workload workload() {
    return workload;
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

  public long remainingSeconds() {
    return remainingSeconds;
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
