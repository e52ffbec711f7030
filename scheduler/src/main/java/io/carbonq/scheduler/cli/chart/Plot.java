package io.carbonq.scheduler.cli.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * One panel: a group named {@code id} around a frame. Its grid and data layers are clipped to the
 * frame by a clip path of its own, and its scales are made to hold the data, so nothing drawn
 * leaves the frame; its axes' labels and its legend lie outside it.
 */
record Plot(String id, Box frame) {
  static final double TICK_SIZE = 11;
  static final double AXIS_SIZE = 12;

  void open(Svg svg) {
    svg.open("g", "class", "panel", "id", id);
    svg.open("defs").open("clipPath", "id", "clip-" + id);
    rect(svg, "clip");
    svg.close("clipPath").close("defs");
  }

  /** Draws the frame over what is inside and closes the panel. */
  void close(Svg svg) {
    rect(svg, "frame");
    svg.close("g");
  }

  private void rect(Svg svg, String role) {
    svg.empty(
        "rect",
        "class",
        role,
        "x",
        Svg.px(frame.x()),
        "y",
        Svg.px(frame.y()),
        "width",
        Svg.px(frame.width()),
        "height",
        Svg.px(frame.height()),
        "fill",
        "none",
        "stroke",
        role.equals("frame") ? "#9e9e9e" : "none");
  }

  /** A panel's title, in bold, from {@code top} of the space the panel is drawn in. */
  static void title(Svg svg, String text, double top) {
    svg.text(new Label(text, 10, top + 16, 14, Label.Anchor.START), "font-weight", "bold");
  }

  /** Opens a layer clipped to the frame: {@code grid} or {@code data}. */
  void openLayer(Svg svg, String layer) {
    svg.open("g", "class", layer, "clip-path", "url(#clip-" + id + ")");
  }

  void verticalGrid(Svg svg, List<Double> xs, String colour) {
    for (double x : xs) {
      line(svg, x, frame.y(), x, frame.bottom(), colour, "1");
    }
  }

  void horizontalGrid(Svg svg, List<Double> ys, String colour) {
    for (double y : ys) {
      line(svg, frame.x(), y, frame.right(), y, colour, "1");
    }
  }

  /** A dashed line across the frame at {@code y}, drawn for {@code series}. */
  void dashedAcross(Svg svg, double y, String colour, String series) {
    dashed(svg, frame.x(), y, frame.right(), y, colour, series);
  }

  /** A dashed line down the frame at {@code x}, drawn for {@code series}. */
  void dashedDown(Svg svg, double x, String colour, String series) {
    dashed(svg, x, frame.y(), x, frame.bottom(), colour, series);
  }

  private static void dashed(
      Svg svg, double x1, double y1, double x2, double y2, String colour, String series) {
    line(svg, x1, y1, x2, y2, colour, "1.5", "stroke-dasharray", "5 3", "data-series", series);
  }

  /** A line from (x1, y1) to (x2, y2); {@code more} adds attributes as name, value pairs. */
  private static void line(
      Svg svg,
      double x1,
      double y1,
      double x2,
      double y2,
      String colour,
      String width,
      String... more) {
    List<String> attributes = new ArrayList<>(List.of("x1", Svg.px(x1), "y1", Svg.px(y1)));
    attributes.addAll(List.of("x2", Svg.px(x2), "y2", Svg.px(y2)));
    attributes.addAll(List.of("stroke", colour, "stroke-width", width));
    attributes.addAll(List.of(more));
    svg.empty("line", attributes.toArray(String[]::new));
  }

  /** Tick labels under the frame, kept within {@code [0, width]}. */
  List<Label> xTicks(Scale x, double width) {
    List<Label> labels = new ArrayList<>();
    for (double tick : x.ticks()) {
      labels.add(
          new Label(x.format(tick), x.at(tick), frame.bottom() + 14, TICK_SIZE, Label.Anchor.MIDDLE)
              .within(0, width));
    }
    return labels;
  }

  /** Tick labels left of the frame. */
  List<Label> yTicks(Scale y) {
    List<Label> labels = new ArrayList<>();
    for (double tick : y.ticks()) {
      labels.add(
          new Label(y.format(tick), frame.x() - 6, y.at(tick) + 4, TICK_SIZE, Label.Anchor.END));
    }
    return labels;
  }

  /** The x axis' title, under its tick labels. */
  Label xTitle(String text) {
    return new Label(text, frame.x(), frame.bottom() + 31, AXIS_SIZE, Label.Anchor.START);
  }

  /** The y axis' title, above the frame's top-left corner, read horizontally. */
  Label yTitle(String text) {
    return new Label(text, frame.x() - 6, frame.y() - 7, AXIS_SIZE, Label.Anchor.START);
  }

  /** Writes an axis' tick labels and title: {@code axis} is {@code x} or {@code y}. */
  void axis(Svg svg, String axis, List<Label> ticks, Label title) {
    svg.open("g", "class", "axis-" + axis);
    for (Label tick : ticks) {
      svg.text(tick, "class", "tick", "fill", "#424242");
    }
    svg.text(title, "class", "axis-title");
    svg.close("g");
  }

  /** Where the next element below the x axis' title may start. */
  double belowXAxis() {
    return frame.bottom() + 40;
  }
}
