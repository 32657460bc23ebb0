package org.samplesize.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal line of an adaptive step ({@code "kind": "adaptive"}, see {@link Journal}): how an
 * {@link AdaptiveStep} is written and read back. Both directions live here so that the field names
 * and the number words ({@code "Infinity"}) stay one format; the checksum that closes the line is
 * {@link JournalLines}'s.
 */
final class AdaptiveStepLine {
  private AdaptiveStepLine() {}

  /**
   * The line's content, without its checksum.
   *
   * @param step the step
   * @return the JSON object to seal and write
   */
  static ObjectNode toJson(AdaptiveStep step) {
    ObjectNode n = Journal.MAPPER.createObjectNode();
    n.put("kind", "adaptive");
    n.put("step", step.step());
    n.put("choice", step.choice());
    n.put("width", step.width());
    n.put("expected_width", step.expectedWidth());
    n.put("score", step.score());
    ArrayNode models = n.putArray("models");
    for (PlannedModel m : step.models()) {
      ObjectNode o = models.addObject();
      o.put("id", m.id());
      o.put("curve", m.curve());
      o.put("fraction", m.fraction());
      o.put("repeat", m.repeat());
      o.put("size", m.size());
      o.put("seed", m.seed());
      o.put("indices_hash", m.indicesHash());
    }
    return n;
  }

  /**
   * Reads an adaptive step line back, refusing a field that is missing or of the wrong type.
   *
   * @param n the parsed line
   * @return the step it records
   * @throws IllegalArgumentException naming the first field that is missing or not as written
   */
  static AdaptiveStep parse(JsonNode n) {
    List<PlannedModel> models = new ArrayList<>();
    for (JsonNode o : n.path("models")) {
      models.add(
          new PlannedModel(
              text(o, "id"),
              text(o, "curve"),
              number(o, "fraction").asDouble(),
              number(o, "repeat").asInt(),
              number(o, "size").asInt(),
              number(o, "seed").asLong(),
              text(o, "indices_hash")));
    }
    return new AdaptiveStep(
        number(n, "step").asInt(),
        models,
        text(n, "choice"),
        number(n, "width").asDouble(),
        number(n, "expected_width").asDouble(),
        number(n, "score").asDouble());
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + key + "' is missing or not text");
    }
    return v.asText();
  }

  private static JsonNode number(JsonNode o, String key) {
    JsonNode v = o.get(key);
    // The widths of an unreachable target are written as the text "Infinity".
    if (v == null || !(v.isNumber() || v.isTextual() && isNumberWord(v.asText()))) {
      throw new IllegalArgumentException("'" + key + "' is missing or not a number");
    }
    return v.isNumber() ? v : DoubleNode.valueOf(Double.parseDouble(v.asText()));
  }

  private static boolean isNumberWord(String t) {
    return t.equals("Infinity") || t.equals("-Infinity") || t.equals("NaN");
  }
}
