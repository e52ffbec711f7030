package io.carbonq.scheduler.spec;

import java.util.List;

/** A job or sweep spec is wrong; {@link #errors()} names each field and its fix. */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One wrong field: its path in the spec ({@code gpus}, {@code parameters.lr[1]}) and why. */
  public record FieldError(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final transient List<FieldError> errors;

  public SpecException(List<FieldError> errors) {
    super(
        errors.size() == 1
            ? "invalid spec: " + errors.get(0)
            : "invalid spec, "
                + errors.size()
                + " errors: "
                + String.join("; ", errors.stream().map(FieldError::toString).toList()));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
