package io.carbonq.scheduler.store;

/** A job id is taken by another job (not the same request). */
public final class DuplicateIdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DuplicateIdException(String id) {
    super("a job with id '" + id + "' exists already; choose another name");
  }
}
