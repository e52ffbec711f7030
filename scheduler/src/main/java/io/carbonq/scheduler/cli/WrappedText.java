package io.carbonq.scheduler.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prose fitted to a width: broken between words (the spaces between words on one line are kept as
 * given, so aligned text stays aligned), continuation lines indented; a word longer than a line is
 * broken inside. With {@link Terminal#UNLIMITED} the text stays on one line.
 */
final class WrappedText {
  private static final Pattern WORD = Pattern.compile("( *)(\\S+)");

  private WrappedText() {}

  /**
   * {@code text} after {@code first} on the first line and after {@code indent} on the others, in
   * lines of at most {@code width} characters.
   */
  static List<String> lines(String text, int width, String first, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    Matcher words = WORD.matcher(text.strip());
    while (words.find()) {
      String gap = empty ? "" : words.group(1);
      String word = words.group(2);
      if (!empty && line.length() + gap.length() + word.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
        gap = "";
      }
      line.append(gap);
      int room = width - line.length();
      while (word.length() > room && room > 1) {
        lines.add(line.append(word, 0, room).toString());
        word = word.substring(room);
        line = new StringBuilder(indent);
        room = width - line.length();
      }
      line.append(word);
      empty = false;
    }
    lines.add(line.toString());
    return lines;
  }

  /** {@link #lines} with the continuation lines indented as far as {@code first} is long. */
  static List<String> hanging(String text, int width, String first) {
    return lines(text, width, first, " ".repeat(first.length()));
  }
}
