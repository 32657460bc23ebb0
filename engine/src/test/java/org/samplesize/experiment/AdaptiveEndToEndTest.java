package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.cli.Cli;

/** {@code run --until-width} through the real stages on generated images and a tiny model. */
class AdaptiveEndToEndTest {
  @TempDir Path dir;

  private TinyRun adaptive(Path data, Path model, Path out) {
    return TinyRun.of(data, model, out, dir.resolve("cache"))
        .head()
        .with("--epochs", "10")
        .with("--fractions", "0.1,0.2,0.4")
        .with("--repeats", "2")
        .with("--bootstrap", "100")
        .with("--until-width", "0.0001")
        .with("--max-models", "9");
  }

  @Test
  void anAdaptiveRunAddsModelsSaysWhyItStoppedAndASecondRunTrainsNothing() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 40, 5);
    Path model = TinyData.model(dir);
    Path out = dir.resolve("out");
    Cli.Result r = adaptive(data, model, out).run();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Adaptive run: stopped, "), r.out());
    JsonNode a = new ObjectMapper().readTree(out.resolve("fit.json").toFile()).path("adaptive");
    assertEquals(6, a.path("planned_models").asInt());
    assertTrue(a.path("steps").size() >= 1, a.toString());
    int models = a.path("models").asInt();
    assertTrue(models > 6 && models <= 9, a.toString());
    // Every model, added ones too, is a row of results.csv, and the report says why it stopped.
    assertEquals(models + 1, Files.readAllLines(out.resolve("results.csv")).size());
    assertTrue(Files.readString(out.resolve("report.html")).contains("Adaptive run: stopped"));
    Cli.Result again = adaptive(data, model, out).run();
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("Models: 0 trained now, " + models + " resumed"), again.out());
    assertEquals(a, new ObjectMapper().readTree(out.resolve("fit.json").toFile()).path("adaptive"));
  }
}
