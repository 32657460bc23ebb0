package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.LabellingPlan;

/**
 * docs/per-class.md names every key that {@link FitJsonWriter#addPerClass} writes at the top of
 * {@code fit.json}'s {@code per_class} and in each of its {@code labelling_plans}.
 */
class PerClassDocTest {

  private static String doc() throws Exception {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/per-class.md"))) {
        return Files.readString(p.resolve("docs/per-class.md"));
      }
    }
    throw new IllegalStateException("no docs/per-class.md above " + Path.of("").toAbsolutePath());
  }

  private static List<String> keys(JsonNode o) {
    List<String> k = new ArrayList<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }

  @Test
  void everyPerClassAndLabellingPlanKeyIsDocumented() throws Exception {
    LabellingPlan plan =
        new LabellingPlan(
            "head",
            0.9,
            List.of("a"),
            List.of(10L),
            List.of(0L),
            0.5,
            0.5,
            false,
            0.8,
            -1,
            -1,
            List.of(),
            List.of(),
            0.95,
            "class a has no curve");
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    FitJsonWriter.addPerClass(
        root, new ClassReport("results.csv", null, 0.95, List.of(), List.of(plan), null));
    List<String> names = new ArrayList<>(keys(root.get("per_class")));
    names.addAll(keys(root.get("labelling_plans").get(0)));
    String doc = doc();
    assertEquals(
        List.of(),
        OutputsDocTest.undocumented(doc, names),
        "docs/per-class.md does not name these fit.json keys");
  }
}
