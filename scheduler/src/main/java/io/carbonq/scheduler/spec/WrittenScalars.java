package io.carbonq.scheduler.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigInteger;

/**
 * A YAML tree whose numbers and booleans keep the text they were written as. YAML 1.1 reads {@code
 * 010} as 8, {@code 1.10} as 1.1, {@code 0x1F} as 31 and {@code yes} as true: a field that wants a
 * number or a boolean gets that, but one read as text (an argument, an environment value, a sweep's
 * parameter) gets what the user wrote, as Kubernetes passes it.
 */
final class WrittenScalars {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WrittenScalars() {}

  /** A scalar read from YAML, whose {@code asText()} is the text as written. */
  interface Written {}

  /** The value {@code parser} is on (a mapping, a sequence or a scalar), with all it holds. */
  static JsonNode read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.set(name, read(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser));
        }
        return array;
      }
      case VALUE_STRING -> {
        return TextNode.valueOf(parser.getText());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new WrittenBoolean(token == JsonToken.VALUE_TRUE, parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        String text = parser.getText();
        return switch (parser.getNumberType()) {
          case INT -> new WrittenInt(parser.getIntValue(), text);
          case LONG -> new WrittenLong(parser.getLongValue(), text);
          default -> new WrittenBigInteger(parser.getBigIntegerValue(), text);
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return new WrittenDouble(parser.getDoubleValue(), parser.getText());
      }
      case VALUE_NULL -> {
        return NullNode.getInstance();
      }
      default -> throw new IOException("unexpected " + token);
    }
  }

  private static final class WrittenBoolean extends BooleanNode implements Written {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenBoolean(boolean value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  private static final class WrittenInt extends IntNode implements Written {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenInt(int value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  private static final class WrittenLong extends LongNode implements Written {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenLong(long value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  private static final class WrittenBigInteger extends BigIntegerNode implements Written {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenBigInteger(BigInteger value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }

  private static final class WrittenDouble extends DoubleNode implements Written {
    private static final long serialVersionUID = 1L;
    private final String written;

    WrittenDouble(double value, String written) {
      super(value);
      this.written = written;
    }

    @Override
    public String asText() {
      return written;
    }
  }
}
