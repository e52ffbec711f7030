package io.carbonq.scheduler.cli.chart;

/**
 * Step functions as SVG paths across a frame, one value per equal slice of its width, written with
 * absolute M, H, V (and Z) commands only.
 */
final class StepPath {
  private StepPath() {}

  /**
   * A step function as a path: a level for each run of equal values, a vertical where the value
   * changes, a gap where it is missing.
   */
  static void line(Svg svg, Box frame, double[] values, Scale y, String colour, String series) {
    double perStep = frame.width() / values.length;
    StringBuilder d = new StringBuilder();
    boolean drawing = false;
    for (int i = 0; i < values.length; i++) {
      double value = values[i];
      if (Double.isNaN(value)) {
        drawing = false;
        continue;
      }
      String x = Svg.px(frame.x() + i * perStep);
      if (!drawing) {
        d.append(d.isEmpty() ? "" : " ")
            .append("M")
            .append(x)
            .append(' ')
            .append(Svg.px(y.at(value)));
        drawing = true;
      } else if (value != values[i - 1]) {
        d.append(" H").append(x).append(" V").append(Svg.px(y.at(value)));
      }
      if (i + 1 == values.length || Double.isNaN(values[i + 1])) {
        d.append(" H").append(Svg.px(frame.x() + (i + 1) * perStep));
      }
    }
    if (d.isEmpty()) {
      return;
    }
    svg.empty(
        "path",
        "d",
        d.toString(),
        "fill",
        "none",
        "stroke",
        colour,
        "stroke-width",
        "1.5",
        "data-series",
        series);
  }

  /** A step function without gaps as a filled area down to zero. */
  static void area(Svg svg, Box frame, double[] values, Scale y, String colour, String series) {
    double perStep = frame.width() / values.length;
    String base = Svg.px(y.at(0));
    StringBuilder d = new StringBuilder("M").append(Svg.px(frame.x())).append(' ').append(base);
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        if (i > 0) {
          d.append(" H").append(Svg.px(frame.x() + i * perStep));
        }
        d.append(" V").append(Svg.px(y.at(values[i])));
      }
    }
    d.append(" H").append(Svg.px(frame.right())).append(" V").append(base).append(" Z");
    svg.empty("path", "d", d.toString(), "fill", colour, "stroke", "none", "data-series", series);
  }
}
