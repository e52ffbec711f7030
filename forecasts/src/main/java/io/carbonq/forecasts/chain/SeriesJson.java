package io.carbonq.forecasts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carbonq.forecasts.api.DataKind;
import io.carbonq.forecasts.api.IntensitySeries;
import io.carbonq.forecasts.api.SeriesPart;
import io.carbonq.forecasts.api.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The stored form of a series with the time it was fetched; gaps are JSON nulls. */
final class SeriesJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private SeriesJson() {}

  record Stored(Instant fetchedAt, IntensitySeries series) {}

  static ObjectNode write(Instant fetchedAt, IntensitySeries series) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("fetchedAt", fetchedAt.toString());
    node.put("zone", series.zone());
    node.put("start", series.start().toString());
    node.put("stepSeconds", series.step().toSeconds());
    node.put("signal", series.signal().name());
    node.put("kind", series.kind().name());
    node.put("source", series.source());
    ArrayNode parts = node.putArray("parts");
    for (SeriesPart part : series.parts()) {
      parts.addObject().put("from", part.from().toString()).put("source", part.source());
    }
    ArrayNode values = node.putArray("gramsPerKwh");
    for (int i = 0; i < series.size(); i++) {
      double value = series.gramsPerKwh(i);
      if (Double.isNaN(value)) {
        values.addNull();
      } else {
        values.add(value);
      }
    }
    return node;
  }

  static Stored read(JsonNode node) {
    List<SeriesPart> parts = new ArrayList<>();
    for (JsonNode part : node.path("parts")) {
      parts.add(
          new SeriesPart(Instant.parse(part.path("from").asText()), part.path("source").asText()));
    }
    JsonNode values = node.path("gramsPerKwh");
    double[] gramsPerKwh = new double[values.size()];
    for (int i = 0; i < gramsPerKwh.length; i++) {
      gramsPerKwh[i] = values.get(i).isNull() ? Double.NaN : values.get(i).asDouble();
    }
    IntensitySeries series =
        new IntensitySeries(
            node.path("zone").asText(),
            Instant.parse(node.path("start").asText()),
            Duration.ofSeconds(node.path("stepSeconds").asLong()),
            gramsPerKwh,
            SignalKind.valueOf(node.path("signal").asText()),
            DataKind.valueOf(node.path("kind").asText()),
            node.path("source").asText(),
            parts.isEmpty() ? null : parts);
    return new Stored(Instant.parse(node.path("fetchedAt").asText()), series);
  }
}
