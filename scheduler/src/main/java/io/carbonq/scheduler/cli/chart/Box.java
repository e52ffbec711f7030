package io.carbonq.scheduler.cli.chart;

/** A rectangle in px, y downwards as in SVG: a plot's frame, or the room a label takes. */
record Box(double x, double y, double width, double height) {

  Box {
    if (!(width >= 0 && height >= 0)) {
      throw new IllegalArgumentException("a box needs a size, got " + width + " × " + height);
    }
  }

  double right() {
    return x + width;
  }

  double bottom() {
    return y + height;
  }

  double centreX() {
    return x + width / 2;
  }

  boolean overlaps(Box other) {
    return overlapArea(other) > 0;
  }

  double overlapArea(Box other) {
    double across = Math.min(right(), other.right()) - Math.max(x, other.x);
    double down = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
    return across > 0 && down > 0 ? across * down : 0;
  }

  boolean contains(Box other) {
    return other.x >= x && other.right() <= right() && other.y >= y && other.bottom() <= bottom();
  }

  /** Whether the point lies in the box, edges included, to within {@code tolerance} px. */
  boolean contains(double px, double py, double tolerance) {
    return px >= x - tolerance
        && px <= right() + tolerance
        && py >= y - tolerance
        && py <= bottom() + tolerance;
  }
}
