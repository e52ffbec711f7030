package io.carbonq.scheduler.cli.chart;

/**
 * One line of text at {@code (x, baseline)}, and the room it is expected to take. Widths are an
 * estimate for a sans-serif face ({@link #EM_PER_CHARACTER} of the size per character, a little
 * over the average of Helvetica and DejaVu Sans), so that layout stays a pure function.
 */
record Label(String text, double x, double baseline, double size, Anchor anchor) {
  static final double EM_PER_CHARACTER = 0.6;

  enum Anchor {
    START("start", 0),
    MIDDLE("middle", 0.5),
    END("end", 1);

    final String svg;
    final double shift;

    Anchor(String svg, double shift) {
      this.svg = svg;
      this.shift = shift;
    }
  }

  static double width(String text, double size) {
    return text.codePointCount(0, text.length()) * size * EM_PER_CHARACTER;
  }

  /** From the top of the tallest letter to the bottom of a descender. */
  Box box() {
    double width = width(text, size);
    return new Box(x - anchor.shift * width, baseline - 0.8 * size, width, size);
  }

  /** The same text moved so that its box starts at {@code left}. */
  Label startingAt(double left) {
    return new Label(text, left + anchor.shift * width(text, size), baseline, size, anchor);
  }

  /** The same text, moved left or right as little as needed to lie within {@code [left, right]}. */
  Label within(double left, double right) {
    Box box = box();
    if (box.x() < left) {
      return startingAt(left);
    }
    return box.right() > right ? startingAt(right - box.width()) : this;
  }
}
