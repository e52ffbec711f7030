package io.carbonq.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean …?" for names typed by people: the closest known names by edit distance. */
public final class Suggestions {
  private static final int LISTED = 20;

  private Suggestions() {}

  /** A sentence ending that names what was meant or, failing that, everything that is known. */
  public static String knownOrClosest(String typed, Collection<String> known) {
    List<String> close = closest(typed, known, 3);
    String all = listed(known);
    if (!close.isEmpty()) {
      return "did you mean " + String.join(" or ", close) + "? known: " + all;
    }
    return "known: " + all;
  }

  /** Up to {@link #LISTED} names; a longer list is cut with its size, so messages stay readable. */
  private static String listed(Collection<String> known) {
    if (known.size() <= LISTED) {
      return String.join(", ", known);
    }
    return String.join(", ", known.stream().limit(LISTED).toList())
        + ", … ("
        + known.size()
        + " in all)";
  }

  /**
   * The known names meant by the typed one (up to {@code limit}, in name order): those it names
   * without their provider ({@code us-east-1} for {@code aws:us-east-1}) or by their country's
   * English name ({@code Germany} for {@code DE}); failing that, the nearest in edits, if they are
   * within one edit for names of up to three letters, else two edits or a third of the length.
   */
  public static List<String> closest(String typed, Collection<String> known, int limit) {
    String wanted = typed.toLowerCase(Locale.ROOT);
    List<String> named =
        known.stream()
            .filter(name -> withoutProvider(name).equals(wanted) || countryOf(name).equals(wanted))
            .sorted(Comparator.naturalOrder())
            .limit(limit)
            .toList();
    if (!named.isEmpty()) {
      return named;
    }
    int tolerance = wanted.length() <= 3 ? 1 : Math.max(2, wanted.length() / 3);
    int nearest =
        known.stream()
            .mapToInt(name -> distance(wanted, name.toLowerCase(Locale.ROOT)))
            .min()
            .orElse(Integer.MAX_VALUE);
    if (nearest > tolerance) {
      return List.of();
    }
    return known.stream()
        .filter(name -> distance(wanted, name.toLowerCase(Locale.ROOT)) == nearest)
        .sorted(Comparator.naturalOrder())
        .limit(limit)
        .toList();
  }

  private static String withoutProvider(String name) {
    return name.substring(name.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
  }

  /** The English name of the country a zone such as {@code DE} or {@code AU-NSW} lies in. */
  private static String countryOf(String name) {
    String code = name.split("-", 2)[0];
    if (code.length() != 2 || !code.chars().allMatch(Character::isLetter)) {
      return "";
    }
    String country = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return country.equalsIgnoreCase(code) ? "" : country.toLowerCase(Locale.ROOT);
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
