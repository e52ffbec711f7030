package io.carbonq.scheduler.domain;

import java.util.Optional;

/**
 * What a text held by a workload may not contain because the queue could not store it exactly: a
 * NUL character (PostgreSQL's text refuses it, and a process argument or environment value ends at
 * it) or half of a UTF-16 surrogate pair (not Unicode, so UTF-8 cannot encode it).
 */
public final class StorableText {
  private StorableText() {}

  /** Why {@code text} cannot be stored, or empty when it can. */
  public static Optional<String> problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return Optional.of("holds a NUL character at index " + i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return Optional.of("holds half of a UTF-16 surrogate pair at index " + i);
      }
    }
    return Optional.empty();
  }

  static void require(String owner, String field, String text) {
    problem(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(owner + ": " + field + " " + problem);
            });
  }
}
