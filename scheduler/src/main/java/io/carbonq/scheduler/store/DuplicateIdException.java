package io.carbonq.scheduler.store;

/** A job id is taken by another job (not the same request), or by a sweep. */
public final class DuplicateIdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param id the job's key in the queue; the message names the name its owner gave
   */
  public DuplicateIdException(String id) {
    this("job", id);
  }

  private DuplicateIdException(String kind, String id) {
    super(
        "a "
            + kind
            + " named '"
            + io.carbonq.scheduler.queue.JobKeys.name(id)
            + "' exists already; choose another name");
  }

  /** The id a job would have is a sweep's. */
  public static DuplicateIdException ofSweep(String id) {
    return new DuplicateIdException("sweep", id);
  }
}
