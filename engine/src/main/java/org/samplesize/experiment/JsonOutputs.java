package org.samplesize.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samplesize.io.AtomicFiles;

/**
 * How an experiment writes its JSON files ({@code validation.json}, {@code provenance.json}, the
 * list of unreadable images, the sections added to {@code fit.json}): indented, with numbers that
 * do not exist as {@code null}, and either staged in the run's batch of outputs or written
 * atomically at once. One place, so that every file of a run follows the same rules.
 */
final class JsonOutputs {
  private JsonOutputs() {}

  /** The mapper of every JSON file an experiment writes or reads back. */
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Adds a section (the adaptive phase's, the majority baseline's) under {@code key} to the {@code
   * fit.json} the fit stage staged (none staged: a stage that writes no {@code fit.json} gets
   * none).
   */
  static void addToFitJson(AtomicFiles.Batch outputs, Path fitJson, String key, Object section)
      throws IOException {
    Path staged = outputs.staged(fitJson);
    if (staged == null) {
      return;
    }
    JsonNode tree = JSON.readTree(staged.toFile());
    if (tree instanceof ObjectNode o) {
      o.set(key, JSON.valueToTree(section));
      stageJson(outputs, fitJson, o);
    }
  }

  static void stageJson(AtomicFiles.Batch batch, Path file, Object value) throws IOException {
    JsonNode tree = finiteOrNull(JSON.valueToTree(value));
    batch.stage(file, os -> JSON.writeValue(os, tree));
  }

  static void writeJson(Path file, Object value) {
    try {
      JsonNode tree = finiteOrNull(JSON.valueToTree(value));
      AtomicFiles.write(file, os -> JSON.writeValue(os, tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The tree with every number that does not exist (NaN, an infinity) as {@code null}: JSON has no
   * such numbers, and Jackson would write them as the strings "NaN" and "Infinity"
   * (docs/outputs.md: numbers that do not exist are null).
   */
  static JsonNode finiteOrNull(JsonNode n) {
    if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
      return NullNode.getInstance();
    }
    if (n instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String k : names) {
        o.set(k, finiteOrNull(o.get(k)));
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, finiteOrNull(a.get(i)));
      }
    }
    return n;
  }
}
