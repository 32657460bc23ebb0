package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;

/**
 * With {@code --fine-tune --validate} the run trains a fine-tuned model on every training image as
 * well as a head: each is compared with its own curve's prediction, in {@code validation.json}, on
 * stdout and in the report. Only the head's comparison used to be made; the fine-tuned validation
 * model, the most expensive model of the run, was journaled and then never shown.
 */
class FineTuneValidationTest {
  @TempDir Path dir;

  @Test
  void theFineTunedValidationModelIsComparedWithTheFineTunedCurve() throws Exception {
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    Path data = TinyData.images(dir.resolve("data"), 8, 3);
    Path out = dir.resolve("out");
    Cli.Result r =
        TinyRun.of(data, int8, out, dir.resolve("cache"))
            .fineTune()
            .and("--fractions", "0.25,0.5,0.75", "--repeats", "2", "--epochs", "2")
            .and("--bootstrap", "50", "--validate")
            .run();
    assertEquals(0, r.code(), r.err());

    JsonNode v = new ObjectMapper().readTree(out.resolve("validation.json").toFile());
    assertEquals(2, v.get("curves").size(), v.toString());
    assertEquals("head", v.at("/curves/0/curve").asText());
    assertEquals("fine-tune", v.at("/curves/1/curve").asText());
    // the top level stays the head's, as before
    assertEquals(v.at("/curves/0/measured").asDouble(), v.get("measured").asDouble());

    // the fine-tuned validation model's accuracy, from the journal, is the one compared
    double fineTuned =
        Files.readAllLines(out.resolve("journal.jsonl")).stream()
            .filter(l -> l.contains("\"id\":\"fine-tune/full\""))
            .map(
                l -> {
                  try {
                    return new ObjectMapper().readTree(l).get("accuracy").asDouble();
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                })
            .findFirst()
            .orElseThrow(() -> new AssertionError("no fine-tuned validation model journaled"));
    assertEquals(fineTuned, v.at("/curves/1/measured").asDouble());
    assertEquals(12, v.at("/curves/1/n").asLong());

    assertTrue(r.out().contains("Validation (head): measured "), r.out());
    assertTrue(r.out().contains("Validation (fine-tune): measured "), r.out());
    String html = Files.readString(out.resolve("report.html"));
    // the page says it as the console does, line for line
    for (String line : r.out().split("\n")) {
      if (line.startsWith("Validation")) {
        assertTrue(html.contains("<p>" + line + "</p>"), line + "\n" + html);
      }
    }
  }
}
