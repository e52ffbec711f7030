package io.carbonq.scheduler.testing;

import io.carbonq.scheduler.queue.JobState;
import io.carbonq.scheduler.queue.QueuedJob;
import io.carbonq.scheduler.service.QueueService;
import java.time.Duration;

/** Waits for what a cluster's informers see a moment after it happens. */
public final class Eventually {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private Eventually() {}

  /** Applies the executor's reports until the job is in {@code state}; fails after 10 s. */
  public static QueuedJob synced(QueueService service, String id, JobState state) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    QueuedJob job = service.get(id).orElseThrow();
    while (job.state() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job " + id + " stayed " + job.state().label() + " (" + job.stateReason() + ")");
      }
      service.syncExecutor();
      job = service.get(id).orElseThrow();
      if (job.state() != state) {
        pause();
      }
    }
    return job;
  }

  /** Applies the executor's reports until the job's reason contains {@code text}. */
  public static QueuedJob reasonContains(QueueService service, String id, String text) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    QueuedJob job = service.get(id).orElseThrow();
    while (!job.stateReason().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " still says: " + job.stateReason());
      }
      service.syncExecutor();
      job = service.get(id).orElseThrow();
      pause();
    }
    return job;
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
