package io.carbonq.scheduler.cli.chart;

import java.util.Locale;

/**
 * Writes SVG elements: coordinates in px to one decimal, attribute values and text escaped, no
 * transforms, so that every coordinate written is where it is drawn.
 */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  static String px(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Opens {@code <tag name="value" ...>}; {@code attributes} come as name, value pairs. */
  Svg open(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append(">\n");
    return this;
  }

  Svg close(String tag) {
    out.append("</").append(tag).append(">\n");
    return this;
  }

  Svg empty(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append("/>\n");
    return this;
  }

  /** {@code <tag ...>text</tag>} on one line. */
  Svg element(String tag, String text, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
    return this;
  }

  /** A label as real text; {@code attributes} add to its position, size and anchor. */
  Svg text(Label label, String... attributes) {
    String[] all = new String[attributes.length + 8];
    all[0] = "x";
    all[1] = px(label.x());
    all[2] = "y";
    all[3] = px(label.baseline());
    all[4] = "font-size";
    all[5] = px(label.size());
    all[6] = "text-anchor";
    all[7] = label.anchor().svg;
    System.arraycopy(attributes, 0, all, 8, attributes.length);
    return element("text", label.text(), all);
  }

  Svg append(Svg other) {
    out.append(other.out);
    return this;
  }

  private void attributes(String[] attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come as name, value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(escape(attributes[i + 1]))
          .append('"');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
