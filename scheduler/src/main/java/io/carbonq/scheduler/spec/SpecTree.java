package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.carbonq.config.SmallTextFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A spec's text as a tree: JSON, or YAML without aliases (Jackson would read an alias as its
 * anchor's name, so {@code *lr} would reach the job as the text "lr"), nested at most {@value
 * #MAX_DEPTH} levels, with no field given twice and nothing after the document.
 */
final class SpecTree {
  /** The deepest nesting a spec may have; a real one has four levels. */
  static final int MAX_DEPTH = 32;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(JobSpecReader.MAX_SPEC_CHARS)
          .maxNumberLength(100)
          .build();
  private static final ObjectMapper JSON =
      mapper(
          JsonFactory.builder()
              .streamReadConstraints(LIMITS)
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());
  private static final YAMLFactory YAML_FACTORY =
      YAMLFactory.builder()
          .streamReadConstraints(LIMITS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private SpecTree() {}

  private static ObjectMapper mapper(JsonFactory factory) {
    return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  static JsonNode parse(String text) {
    if (text.length() > JobSpecReader.MAX_SPEC_CHARS) {
      throw single(
          "is " + text.length() + " characters; the limit is " + JobSpecReader.MAX_SPEC_CHARS);
    }
    try {
      JsonNode node = asJson(text);
      if (node == null) {
        refuseAliases(text);
        node = yamlTree(text);
      }
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw single("is empty");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw single("is too large or too deeply nested: " + plain(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw single("is not valid YAML or JSON" + where(e) + ": " + plain(e.getOriginalMessage()));
    } catch (IOException e) {
      throw single("cannot be read: " + e.getMessage());
    }
  }

  static JsonNode parse(byte[] utf8) {
    if (utf8.length > JobSpecReader.MAX_SPEC_CHARS) {
      throw single("is " + utf8.length + " bytes; the limit is " + JobSpecReader.MAX_SPEC_CHARS);
    }
    try {
      return parse(SmallTextFile.decode(utf8));
    } catch (IOException e) {
      throw single(e.getMessage());
    }
  }

  static JsonNode read(Path file) {
    try {
      return parse(SmallTextFile.read(file, JobSpecReader.MAX_SPEC_CHARS));
    } catch (IOException e) {
      throw new SpecException(List.of(new SpecException.FieldError("(file)", e.getMessage())));
    }
  }

  /**
   * JSON is YAML too, but the JSON parser reads it several times faster; null when the text is not
   * JSON (it may still be YAML, such as a flow mapping {@code {gpus: 2}}).
   */
  private static JsonNode asJson(String text) {
    String start = text.stripLeading();
    if (!start.startsWith("{") && !start.startsWith("[")) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** The YAML document's tree, its scalars as written (see {@link WrittenScalars}). */
  private static JsonNode yamlTree(String text) throws IOException {
    try (JsonParser parser = YAML_FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return null;
      }
      JsonNode tree = WrittenScalars.read(parser);
      if (parser.nextToken() != null) {
        throw single(
            "is not valid YAML or JSON"
                + where(parser)
                + ": more than one document; submit one spec at a time");
      }
      return tree;
    }
  }

  /** An anchor alone changes nothing; an alias would reach the spec as the anchor's name. */
  private static void refuseAliases(String text) throws IOException {
    try (JsonParser parser = YAML_FACTORY.createParser(text)) {
      while (parser.nextToken() != null) {
        if (((YAMLParser) parser).isCurrentAlias()) {
          throw single(
              "uses the YAML alias *"
                  + parser.getText()
                  + where(parser)
                  + "; aliases are not supported: write the value out");
        }
      }
    }
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String where(JsonParser parser) {
    var at = parser.currentTokenLocation();
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Jackson's message without its pointer to the setting that limits it. */
  private static String plain(String message) {
    int setting = message == null ? -1 : message.indexOf(", from `");
    return setting < 0 ? String.valueOf(message) : message.substring(0, setting) + ")";
  }

  private static SpecException single(String message) {
    return new SpecException(List.of(new SpecException.FieldError("(spec)", message)));
  }
}
