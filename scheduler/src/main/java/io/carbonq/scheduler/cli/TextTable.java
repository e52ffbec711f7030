package io.carbonq.scheduler.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: left-aligned text columns, right-aligned numeric ones, two spaces between;
 * the one printer every command's table goes through, so that each fits the terminal by the same
 * rule (see {@link #print(PrintWriter, Layout)}).
 */
final class TextTable {
  static final String ELLIPSIS = "…";
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  /**
   * One column.
   *
   * @param priority 0 for an essential column, always shown; higher ones are dropped first when the
   *     table does not fit; {@link #WIDE} for one shown only with {@code -o wide}
   * @param cutTo how narrow the column's text may be cut, with "…", to fit: the room it is worth
   *     before optional columns are; 0 when it is never cut
   */
  record Column(String header, boolean right, int priority, int cutTo) {
    static final int WIDE = Integer.MAX_VALUE;

    /** A column; a header ending in '>' is right-aligned (the '>' is not printed). */
    static Column of(String header) {
      boolean right = header.endsWith(">");
      return new Column(right ? header.substring(0, header.length() - 1) : header, right, 0, 0);
    }

    /** Dropped when the table does not fit: higher {@code priority}, sooner. */
    Column optional(int priority) {
      return new Column(header, right, priority, cutTo);
    }

    /** Shown only with {@code -o wide}. */
    Column wide() {
      return optional(WIDE);
    }

    /** May be cut to {@code width} characters (never below its header's) with "…" to fit. */
    Column cut(int width) {
      return new Column(header, right, priority, Math.max(width, header.length()));
    }
  }

  /**
   * How to print: fitted to {@code width} columns, or {@code wide} (every column, nothing cut);
   * {@code colour} sets the header in bold.
   */
  record Layout(int width, boolean wide, boolean colour) {
    /** No limit, no colour, no wide-only columns: the table as a file or a pipe gets it. */
    static final Layout UNLIMITED = new Layout(Terminal.UNLIMITED, false, false);
  }

  private final List<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  /** Essential columns, never cut; headers ending in '>' are right-aligned. */
  TextTable(String... headers) {
    this(Arrays.stream(headers).map(Column::of).toArray(Column[]::new));
  }

  TextTable(Column... columns) {
    this.columns = List.of(columns);
  }

  int columns() {
    return columns.size();
  }

  void add(String... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          "expected " + columns.size() + " cells, got " + cells.length);
    }
    rows.add(List.of(cells));
  }

  /** The first cell of every row: the ids, for {@code -o name}. */
  List<String> firstColumn() {
    return rows.stream().map(row -> row.get(0)).toList();
  }

  /** Prints every column but the wide-only ones, uncut. */
  void print(PrintWriter out) {
    print(out, Layout.UNLIMITED);
  }

  /**
   * Prints the table within {@code layout}'s width: the optional columns that do not fit are
   * dropped, highest priority first, then the cuttable columns share what room is left evenly; the
   * rest of a cut cell is replaced with "…". A line that still does not fit (the essential columns
   * alone are too wide) is cut at the width. With {@code wide} every column prints, uncut.
   */
  void print(PrintWriter out, Layout layout) {
    int[] natural = naturalWidths();
    List<Integer> shown = shown(layout, natural);
    int[] widths = widths(layout, shown, natural);
    String header = line(headerCells(), shown, widths, layout.width());
    out.println(layout.colour() ? BOLD + header + RESET : header);
    for (List<String> row : rows) {
      out.println(line(row, shown, widths, layout.width()));
    }
  }

  private int[] naturalWidths() {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = columns.get(i).header().length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    return widths;
  }

  private List<Integer> shown(Layout layout, int[] natural) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (layout.wide() || columns.get(i).priority() != Column.WIDE) {
        shown.add(i);
      }
    }
    while (!layout.wide() && narrowest(shown, natural) > layout.width()) {
      Integer drop = null;
      for (Integer i : shown) {
        int priority = columns.get(i).priority();
        if (priority > 0 && (drop == null || priority >= columns.get(drop).priority())) {
          drop = i;
        }
      }
      if (drop == null) {
        break;
      }
      shown.remove(drop);
    }
    return shown;
  }

  /** The width of the shown columns with every cuttable one cut as far as it may be. */
  private int narrowest(List<Integer> shown, int[] natural) {
    int total = 2 * (shown.size() - 1);
    for (int i : shown) {
      total += narrowest(i, natural);
    }
    return total;
  }

  private int narrowest(int column, int[] natural) {
    int cutTo = columns.get(column).cutTo();
    return cutTo > 0 ? Math.min(cutTo, natural[column]) : natural[column];
  }

  private int[] widths(Layout layout, List<Integer> shown, int[] natural) {
    if (layout.wide()) {
      return natural;
    }
    int[] widths = new int[natural.length];
    for (int i : shown) {
      widths[i] = narrowest(i, natural);
    }
    // The room left is shared out a column at a time, so that no cut column takes it all.
    long spare = (long) layout.width() - narrowest(shown, natural);
    boolean grew = true;
    while (spare > 0 && grew) {
      grew = false;
      for (int i : shown) {
        if (spare > 0 && widths[i] < natural[i]) {
          widths[i]++;
          spare--;
          grew = true;
        }
      }
    }
    return widths;
  }

  private List<String> headerCells() {
    return columns.stream().map(Column::header).toList();
  }

  private String line(List<String> cells, List<Integer> shown, int[] widths, int width) {
    StringBuilder line = new StringBuilder();
    for (int i : shown) {
      String cell = cut(cells.get(i), widths[i]);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(i == shown.get(0) ? "" : "  ")
          .append(columns.get(i).right() ? pad + cell : cell + pad);
    }
    return cut(line.toString().stripTrailing(), width);
  }

  /** {@code text} in at most {@code width} characters, its end replaced with "…" if cut. */
  static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1).stripTrailing() + ELLIPSIS;
  }
}
