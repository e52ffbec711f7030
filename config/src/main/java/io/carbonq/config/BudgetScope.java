package io.carbonq.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whose carbon a budget caps: one owner ({@code owner:alice}) or a team of owners named in
 * carbonq.yaml ({@code team:vision}).
 */
public record BudgetScope(Kind kind, String name) {
  /** Names as owners and teams are written: letters, digits and {@code . _ @ -}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

  public enum Kind {
    OWNER,
    TEAM;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public BudgetScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static BudgetScope owner(String name) {
    return new BudgetScope(Kind.OWNER, name);
  }

  public static BudgetScope team(String name) {
    return new BudgetScope(Kind.TEAM, name);
  }

  /** {@code owner:NAME} or {@code team:NAME}; empty for anything else. */
  public static Optional<BudgetScope> parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String name = text.substring(colon + 1);
    if (!isName(name)) {
      return Optional.empty();
    }
    return switch (text.substring(0, colon)) {
      case "owner" -> Optional.of(owner(name));
      case "team" -> Optional.of(team(name));
      default -> Optional.empty();
    };
  }

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORM =
      "owner:NAME or team:NAME (letters, digits and . _ @ -, at most 100)";

  static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  @Override
  public String toString() {
    return kind.label() + ":" + name;
  }
}
