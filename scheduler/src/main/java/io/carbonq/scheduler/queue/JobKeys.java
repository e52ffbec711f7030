package io.carbonq.scheduler.queue;

/**
 * Job and sweep names belong to their owner, as names in a Kubernetes namespace do: the queue keeps
 * each under a key made of the owner, '_' and the name. Names hold no '_', so the last one splits a
 * key again, and two owners' keys never meet. The key is what the planner, the executor and the
 * store know a job by; people see the name.
 */
public final class JobKeys {
  private JobKeys() {}

  /** The key of {@code owner}'s job or sweep {@code name}. */
  public static String key(String owner, String name) {
    return owner + "_" + name;
  }

  /** The name in a key; a name that is not a key (a what-if, a simulation) is itself. */
  public static String name(String key) {
    return key.substring(key.lastIndexOf('_') + 1);
  }
}
