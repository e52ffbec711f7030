package io.carbonq.scheduler.cli.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars, one row per policy, drawn from zero along a labelled x axis whose scale holds
 * every bar and reference line; the figures in columns right of the frame; references (the oracles)
 * as dashed vertical lines, labelled above the frame in as many rows as keep the labels apart.
 */
record BarPanel(
    String id,
    String title,
    String axisTitle,
    List<String> heads,
    List<Bar> bars,
    List<Reference> references,
    List<Legend.Entry> legend) {
  static final double ROW = 20;
  static final double BAR = 13;
  static final double FRAME_RIGHT = 690;
  static final double COLUMN = 95;
  private static final double MARKER_ROW = 14;

  /** One policy's bar: its value on the axis and the texts of its columns. */
  record Bar(String policy, double value, String series, String colour, List<String> cells) {
    Bar {
      cells = List.copyOf(cells);
    }
  }

  BarPanel {
    heads = List.copyOf(heads);
    bars = List.copyOf(bars);
    references = List.copyOf(references);
    legend = List.copyOf(legend);
    int columns = heads.size();
    if (columns > 2 || bars.stream().anyMatch(b -> b.cells().size() != columns)) {
      throw new IllegalArgumentException(id + ": one cell per column head, at most two columns");
    }
  }

  /** Draws the panel from {@code top}; returns its bottom. */
  double draw(Svg svg, double top) {
    double left = ComparisonChart.LEFT;
    Scale x = Scale.holding(values(), true, left, FRAME_RIGHT, 6);
    double band = top + 24;
    List<Label> markerLabels = markerLabels(x, band);
    double rows =
        Math.max(
            1,
            Math.ceil(
                (markerLabels.stream().mapToDouble(l -> l.box().bottom()).max().orElse(band) - band)
                    / MARKER_ROW));
    Box frame =
        new Box(left, band + rows * MARKER_ROW + 4, FRAME_RIGHT - left, bars.size() * ROW + 8);
    Plot plot = new Plot(id, frame);
    plot.open(svg);
    Plot.title(svg, title, top);
    grid(svg, plot, x);
    data(svg, plot, x);
    for (Label label : markerLabels) {
      svg.text(label, "class", "marker-label", "fill", Reference.COLOUR);
    }
    plot.axis(
        svg,
        "y",
        rowLabels(frame),
        new Label("policy", left - 8, frame.y() - 6, Plot.AXIS_SIZE, Label.Anchor.END));
    columns(svg, frame);
    plot.axis(svg, "x", plot.xTicks(x, ComparisonChart.WIDTH), plot.xTitle(axisTitle));
    List<Legend.Entry> entries = new ArrayList<>(legend);
    references.forEach(r -> entries.add(r.legendEntry()));
    double bottom =
        Legend.draw(svg, entries, left, plot.belowXAxis(), ComparisonChart.RIGHT - left);
    plot.close(svg);
    return bottom;
  }

  private List<Double> values() {
    List<Double> values = new ArrayList<>();
    bars.forEach(b -> values.add(b.value()));
    references.forEach(r -> values.add(r.reductionPct()));
    return values;
  }

  private List<Label> markerLabels(Scale x, double band) {
    Box bounds =
        new Box(
            ComparisonChart.LEFT,
            band,
            FRAME_RIGHT - ComparisonChart.LEFT,
            references.size() * MARKER_ROW + 4);
    LabelPlacer placer = new LabelPlacer(bounds, List.of());
    List<Label> labels = new ArrayList<>();
    for (Reference reference : references) {
      String text = reference.shortLabel();
      List<Label> candidates = new ArrayList<>();
      for (int row = 0; row < references.size(); row++) {
        candidates.add(
            new Label(
                    text,
                    x.at(reference.reductionPct()),
                    band + row * MARKER_ROW + 11,
                    Plot.TICK_SIZE,
                    Label.Anchor.MIDDLE)
                .within(bounds.x(), bounds.right()));
      }
      labels.add(placer.place(candidates));
    }
    return labels;
  }

  private void grid(Svg svg, Plot plot, Scale x) {
    plot.openLayer(svg, "grid");
    List<Double> ticks = new ArrayList<>();
    x.ticks().stream().filter(t -> t != 0).forEach(t -> ticks.add(x.at(t)));
    plot.verticalGrid(svg, ticks, "#eeeeee");
    plot.verticalGrid(svg, List.of(x.at(0)), "#616161");
    svg.close("g");
  }

  private void data(Svg svg, Plot plot, Scale x) {
    plot.openLayer(svg, "data");
    Box frame = plot.frame();
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      if (!Double.isFinite(bar.value())) {
        continue;
      }
      double from = Math.min(x.at(0), x.at(bar.value()));
      svg.empty(
          "rect",
          "x",
          Svg.px(from),
          "y",
          Svg.px(rowTop(frame, i) + (ROW - BAR) / 2),
          "width",
          Svg.px(Math.abs(x.at(bar.value()) - x.at(0))),
          "height",
          Svg.px(BAR),
          "fill",
          bar.colour(),
          "data-series",
          bar.series(),
          "data-policy",
          bar.policy());
    }
    for (Reference reference : references) {
      plot.dashedDown(svg, x.at(reference.reductionPct()), Reference.COLOUR, reference.id());
    }
    svg.close("g");
  }

  private static double rowTop(Box frame, int row) {
    return frame.y() + 4 + row * ROW;
  }

  private List<Label> rowLabels(Box frame) {
    List<Label> labels = new ArrayList<>();
    for (int i = 0; i < bars.size(); i++) {
      labels.add(
          new Label(
              bars.get(i).policy(),
              frame.x() - 8,
              rowTop(frame, i) + ROW / 2 + 4,
              Plot.AXIS_SIZE,
              Label.Anchor.END));
    }
    return labels;
  }

  private void columns(Svg svg, Box frame) {
    svg.open("g", "class", "columns");
    for (int c = 0; c < heads.size(); c++) {
      double right = FRAME_RIGHT + COLUMN * (c + 1);
      svg.text(
          new Label(heads.get(c), right, frame.y() - 6, Plot.AXIS_SIZE, Label.Anchor.END),
          "font-weight",
          "bold");
      for (int i = 0; i < bars.size(); i++) {
        svg.text(
            new Label(
                bars.get(i).cells().get(c),
                right,
                rowTop(frame, i) + ROW / 2 + 4,
                Plot.AXIS_SIZE,
                Label.Anchor.END));
      }
    }
    svg.close("g");
  }
}
