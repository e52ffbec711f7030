package io.carbonq.scheduler.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Paces a watching command by script, with no waiting: its n-th wait runs the n-th step (a change
 * on the server) and lets the command ask again; once the steps have run out, the next wait is a
 * Ctrl-C. Records every interval the command asked to wait.
 */
final class ScriptedPacer implements WatchPacer {
  private final Deque<Runnable> steps;
  final List<Duration> waits = new ArrayList<>();
  boolean started;

  ScriptedPacer(Runnable... steps) {
    this.steps = new ArrayDeque<>(Arrays.asList(steps));
  }

  @Override
  public void start() {
    started = true;
  }

  @Override
  public boolean await(Duration interval) {
    waits.add(interval);
    Runnable step = steps.poll();
    if (step == null) {
      return false;
    }
    step.run();
    return true;
  }
}
