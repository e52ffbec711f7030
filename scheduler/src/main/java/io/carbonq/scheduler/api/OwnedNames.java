package io.carbonq.scheduler.api;

import io.carbonq.scheduler.domain.Sweep;
import io.carbonq.scheduler.domain.Workload;
import io.carbonq.scheduler.queue.JobKeys;

/**
 * What a user submits, under the queue's keys: the name given (or made) becomes its owner's key, so
 * that one owner's names neither show in nor block another's (see {@link JobKeys}).
 */
final class OwnedNames {
  private OwnedNames() {}

  static Workload keyed(Workload job) {
    return Workload.builder(JobKeys.key(job.owner(), job.id())).like(job).build();
  }

  /** The sweep under its key; its trials' keys follow, as {@code OWNER_SWEEP-000}. */
  static Sweep keyed(Sweep sweep) {
    Workload template = sweep.template();
    return new Sweep(
        JobKeys.key(template.owner(), sweep.id()),
        keyed(template),
        sweep.parameters(),
        sweep.maxParallel(),
        sweep.passing());
  }
}
