package io.carbonq.scheduler.cli.chart;

import java.util.List;

/**
 * A panel's legend: one entry per series drawn, each a swatch drawn as the series is and its name,
 * laid out left to right in rows that fit the width. Entries carry their series' name in {@code
 * data-series}, as the series' shapes do.
 */
final class Legend {
  static final double ROW = 18;
  private static final double SIZE = 12;
  private static final double SWATCH = 18;
  private static final double GAP = 20;

  enum Swatch {
    BAR,
    LINE,
    DASHED,
    DOT
  }

  record Entry(String series, String text, Swatch swatch, String colour) {}

  private Legend() {}

  /** Writes the entries from {@code (left, top)} within {@code width}; returns the bottom. */
  static double draw(Svg svg, List<Entry> entries, double left, double top, double width) {
    svg.open("g", "class", "legend");
    double x = left;
    double y = top;
    for (Entry entry : entries) {
      double entryWidth = SWATCH + 6 + Label.width(entry.text(), SIZE);
      if (x > left && x + entryWidth > left + width) {
        x = left;
        y += ROW;
      }
      svg.open("g", "class", "legend-entry", "data-series", entry.series());
      swatch(svg, entry, x, y + ROW / 2);
      svg.text(new Label(entry.text(), x + SWATCH + 6, y + 13, SIZE, Label.Anchor.START));
      svg.close("g");
      x += entryWidth + GAP;
    }
    svg.close("g");
    return entries.isEmpty() ? top : y + ROW;
  }

  private static void swatch(Svg svg, Entry entry, double x, double middle) {
    switch (entry.swatch()) {
      case BAR ->
          svg.empty(
              "rect",
              "x",
              Svg.px(x + 2),
              "y",
              Svg.px(middle - 5),
              "width",
              Svg.px(SWATCH - 4),
              "height",
              "10",
              "fill",
              entry.colour());
      case DOT ->
          svg.empty(
              "circle",
              "cx",
              Svg.px(x + SWATCH / 2),
              "cy",
              Svg.px(middle),
              "r",
              "4",
              "fill",
              entry.colour());
      case LINE, DASHED ->
          svg.empty(
              "line",
              "x1",
              Svg.px(x),
              "y1",
              Svg.px(middle),
              "x2",
              Svg.px(x + SWATCH),
              "y2",
              Svg.px(middle),
              "stroke",
              entry.colour(),
              "stroke-width",
              "2",
              "stroke-dasharray",
              entry.swatch() == Swatch.DASHED ? "5 3" : "none");
    }
  }
}
