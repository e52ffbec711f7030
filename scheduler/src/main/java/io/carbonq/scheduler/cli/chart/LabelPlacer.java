package io.carbonq.scheduler.cli.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Places labels one by one, each at the first of its candidate positions that lies within the
 * bounds and overlaps neither a label placed before it nor an obstacle (a marker, say); when none
 * is free, at the candidate within the bounds that overlaps least. Earlier labels get their first
 * choice, so callers place the labels that matter most first.
 */
final class LabelPlacer {
  private final Box bounds;
  private final List<Box> taken;

  LabelPlacer(Box bounds, List<Box> obstacles) {
    this.bounds = bounds;
    this.taken = new ArrayList<>(obstacles);
  }

  /** Marks a box as taken, e.g. a marker drawn after the placer was made. */
  void avoid(Box box) {
    taken.add(box);
  }

  Label place(List<Label> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("a label needs at least one candidate position");
    }
    Label best = null;
    double leastOverlap = Double.POSITIVE_INFINITY;
    for (Label candidate : candidates) {
      Box box = candidate.box();
      if (!bounds.contains(box)) {
        continue;
      }
      double overlap = taken.stream().mapToDouble(box::overlapArea).sum();
      if (overlap < leastOverlap) {
        best = candidate;
        leastOverlap = overlap;
      }
      if (overlap == 0) {
        break;
      }
    }
    Label chosen = best == null ? candidates.get(0) : best;
    taken.add(chosen.box());
    return chosen;
  }

  /**
   * Positions for a marker's label around {@code (x, y)}: right, left, above, below, the four
   * diagonals, then the first four again twice and three times as far out.
   */
  static List<Label> around(String text, double x, double y, double size, double radius) {
    double gap = radius + 3;
    double middle = y + 0.3 * size;
    List<Label> candidates = new ArrayList<>();
    for (int distance = 1; distance <= 3; distance++) {
      double d = gap * distance + (distance - 1) * size * 0.5;
      candidates.add(new Label(text, x + d, middle, size, Label.Anchor.START));
      candidates.add(new Label(text, x - d, middle, size, Label.Anchor.END));
      candidates.add(new Label(text, x, y - d - 0.2 * size, size, Label.Anchor.MIDDLE));
      candidates.add(new Label(text, x, y + d + 0.8 * size, size, Label.Anchor.MIDDLE));
      if (distance == 1) {
        double diagonal = gap * 0.75;
        double above = y - diagonal - 0.2 * size;
        double below = y + diagonal + 0.8 * size;
        candidates.add(new Label(text, x + diagonal, above, size, Label.Anchor.START));
        candidates.add(new Label(text, x + diagonal, below, size, Label.Anchor.START));
        candidates.add(new Label(text, x - diagonal, above, size, Label.Anchor.END));
        candidates.add(new Label(text, x - diagonal, below, size, Label.Anchor.END));
      }
    }
    return candidates;
  }
}
