package io.carbonq.scheduler.spec;

import io.carbonq.scheduler.domain.StorableText;
import java.util.Optional;

/**
 * The texts a spec may hold in its free-form fields (command, arguments, environment values,
 * parameter values): at most a given length, no control characters but tab, line feed and carriage
 * return (a script or a certificate may span lines), and nothing the queue cannot store.
 */
final class SpecText {
  /** The longest quotation of a user's text in a message, so that messages stay readable. */
  private static final int QUOTED = 60;

  private SpecText() {}

  /** Why {@code text} cannot be a field's value, or empty. */
  static Optional<String> problem(String text, int maxChars) {
    if (text.length() > maxChars) {
      return Optional.of("is " + text.length() + " characters long; the limit is " + maxChars);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return Optional.of(
            "holds the control character "
                + String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                + " at index "
                + i
                + "; only tab and line breaks are allowed");
      }
    }
    return StorableText.problem(text);
  }

  /**
   * {@code text} in single quotes as a message may show it: control and non-ASCII-printable
   * characters escaped, cut after {@value #QUOTED} characters with its length.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(text.length(), QUOTED);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (text.length() > QUOTED) {
      out.insert(out.length() - 1, "…").append(" (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }

  /** A map key as part of a field's path: as typed when it is short and plain, else quoted. */
  static String key(String key) {
    return key.matches("[A-Za-z0-9_.-]{1," + QUOTED + "}") ? key : quote(key);
  }
}
