package io.carbonq.scheduler.cli;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Where the CLI prints: how many columns a line may take, whether colour is welcome and whether the
 * screen may be redrawn. Decided once, at start-up, from the environment and whether standard
 * output (and, apart, standard error) is a terminal; commands only read it, so tests pass one
 * explicitly.
 *
 * @param columns the width lines are fitted to, at least {@link #MIN_COLUMNS}, or {@link
 *     #UNLIMITED} when output goes to a file or a pipe
 * @param colour whether ANSI colour and styles may be printed
 * @param interactive whether this is a terminal that takes control sequences (not {@code dumb}),
 *     where a carriage return redraws a line and a watch may clear the screen; never a file or a
 *     pipe, whatever {@code $COLUMNS} says
 */
public record Terminal(int columns, boolean colour, boolean interactive) {
  /** No width limit: tables print every default column uncut, prose is not wrapped. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** The width assumed for a terminal whose size is not known: the classic 80 columns. */
  public static final int DEFAULT_COLUMNS = 80;

  /** Narrower than this no table fits anyway; a smaller $COLUMNS is taken as this. */
  static final int MIN_COLUMNS = 40;

  /** A file or a pipe: no width limit, no colour. */
  public static final Terminal PIPE = new Terminal(UNLIMITED, false, false);

  public Terminal {
    if (columns < MIN_COLUMNS) {
      throw new IllegalArgumentException(
          "columns must be at least " + MIN_COLUMNS + ", got " + columns);
    }
  }

  /** A terminal of {@code columns} columns without colour, as tests render. */
  public static Terminal ofColumns(int columns) {
    return new Terminal(columns, false, false);
  }

  /**
   * The rule, like {@code ls} and Python's {@code shutil.get_terminal_size}:
   *
   * <ol>
   *   <li>Width: {@code $COLUMNS} when set to a number, whatever the output (an explicit width
   *       wins, so {@code COLUMNS=200 carbonq list | less} works); else, on a terminal, its size
   *       ({@code terminalColumns}), else 80; else (a file or a pipe) no limit, so that {@code
   *       grep} and {@code awk} see whole values, as kubectl prints them.
   *   <li>Colour: only on a terminal, never when {@code $NO_COLOR} is set to anything but the empty
   *       string (https://no-color.org), nor when {@code $TERM} is {@code dumb}.
   *   <li>Interactive: a terminal whose {@code $TERM} is not {@code dumb}, whatever {@code
   *       $NO_COLOR} says: clearing the screen is not colour.
   * </ol>
   *
   * @param isTerminal whether the stream (standard output, or standard error) is a terminal, not a
   *     file or a pipe
   * @param terminalColumns the terminal's width, when it could be asked
   */
  public static Terminal detect(
      Map<String, String> environment, boolean isTerminal, OptionalInt terminalColumns) {
    int columns =
        number(environment.get("COLUMNS"))
            .orElse(
                isTerminal
                    ? terminalColumns.isPresent() && terminalColumns.getAsInt() > 0
                        ? terminalColumns.getAsInt()
                        : DEFAULT_COLUMNS
                    : UNLIMITED);
    boolean interactive = isTerminal && !"dumb".equals(environment.get("TERM"));
    boolean colour = interactive && isEmpty(environment.get("NO_COLOR"));
    return new Terminal(Math.max(MIN_COLUMNS, columns), colour, interactive);
  }

  /** How tables print here: fitted to this width, or {@code wide}: every column, nothing cut. */
  TextTable.Layout layout(boolean wide) {
    return new TextTable.Layout(wide ? UNLIMITED : columns, wide, colour);
  }

  /** The width prose is wrapped to: unlimited when {@code wide}. */
  int width(boolean wide) {
    return wide ? UNLIMITED : columns;
  }

  private static OptionalInt number(String value) {
    if (value == null || !value.trim().matches("[0-9]{1,6}")) {
      return OptionalInt.empty();
    }
    int columns = Integer.parseInt(value.trim());
    return columns > 0 ? OptionalInt.of(columns) : OptionalInt.empty();
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
