package io.carbonq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Reads typed fields from a YAML tree and records every problem with its path, never stopping. */
final class Fields {
  private final List<ConfigError> errors = new ArrayList<>();

  List<ConfigError> errors() {
    return errors;
  }

  void error(String path, String message) {
    errors.add(new ConfigError(path, message));
  }

  /** The node if it is a mapping; otherwise an error and false. */
  boolean isMapping(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      error(path, "must be a mapping of field: value, got " + describe(node));
      return false;
    }
    return true;
  }

  void onlyKeys(JsonNode node, String path, List<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        error(join(path, name), "unknown field; " + Suggestions.knownOrClosest(name, allowed));
      }
    }
  }

  /** The items of the list at {@code key}; empty (with an error) when it is not a list. */
  List<JsonNode> list(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      error(path, "must be a list (items start with '- '), got " + describe(node));
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  Optional<String> text(JsonNode parent, String key, String path, boolean required) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        error(join(path, key), "is required");
      }
      return Optional.empty();
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      error(join(path, key), "must be a non-empty text, got " + describe(node));
      return Optional.empty();
    }
    return Optional.of(node.asText().trim());
  }

  OptionalInt positiveInt(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    String at = join(path, key);
    if (node == null || node.isNull()) {
      error(at, "is required");
      return OptionalInt.empty();
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      error(at, "must be a whole number, got " + describe(node));
      return OptionalInt.empty();
    }
    if (node.intValue() <= 0) {
      error(at, "must be > 0, got " + node.intValue());
      return OptionalInt.empty();
    }
    return OptionalInt.of(node.intValue());
  }

  /** A number in {@code [min, max]}; absent gives empty without an error unless required. */
  OptionalDouble number(
      JsonNode parent, String key, String path, double min, double max, boolean required) {
    JsonNode node = parent.get(key);
    String at = join(path, key);
    if (node == null || node.isNull()) {
      if (required) {
        error(at, "is required");
      }
      return OptionalDouble.empty();
    }
    if (!node.isNumber()) {
      error(at, "must be a number, got " + describe(node));
      return OptionalDouble.empty();
    }
    double value = node.doubleValue();
    if (value < min || value > max || Double.isNaN(value)) {
      error(at, "must be between " + plain(min) + " and " + plain(max) + ", got " + plain(value));
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value);
  }

  /** A number in {@code (0, max]}; absent gives empty without an error. */
  OptionalDouble positiveNumber(JsonNode parent, String key, String path, double max) {
    JsonNode node = parent.get(key);
    String at = join(path, key);
    if (node == null || node.isNull()) {
      return OptionalDouble.empty();
    }
    if (!node.isNumber()) {
      error(at, "must be a number, got " + describe(node));
      return OptionalDouble.empty();
    }
    double value = node.doubleValue();
    if (!(value > 0)) {
      error(at, "must be > 0, got " + plain(value));
      return OptionalDouble.empty();
    }
    if (value > max) {
      error(at, "must be at most " + plain(max) + ", got " + plain(value));
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value);
  }

  Optional<Duration> duration(JsonNode parent, String key, String path) {
    Optional<String> text = text(parent, key, path, false);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = DurationText.parse(text.get());
    if (parsed.isEmpty()) {
      error(
          join(path, key),
          "must be " + DurationText.expected(text.get()) + ", got '" + text.get() + "'");
    }
    return parsed;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
  }
}
