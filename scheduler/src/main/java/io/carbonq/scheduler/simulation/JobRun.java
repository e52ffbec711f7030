package io.carbonq.scheduler.simulation;

import io.carbonq.scheduler.domain.Workload;
import java.time.Instant;

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
}
