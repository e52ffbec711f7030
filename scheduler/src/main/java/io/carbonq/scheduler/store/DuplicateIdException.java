package io.carbonq.scheduler.store;

/** A job id is taken by another job (not the same request). */
public final class DuplicateIdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param id the job's key in the queue; the message names the name its owner gave
   */
  public DuplicateIdException(String id) {
    super(
        "a job named '"
            + io.carbonq.scheduler.queue.JobKeys.name(id)
            + "' exists already; choose another name");
  }
}
