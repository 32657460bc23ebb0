package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.cli.Main;
import picocli.CommandLine;

/** {@code run --until-width} through the real stages on generated images and a tiny model. */
class AdaptiveEndToEndTest {
  @TempDir Path dir;

  private String[] args(Path data, Path model, Path out) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "run",
                "--data",
                data.toString(),
                "--model",
                model.toString(),
                "--out",
                out.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--train-fraction",
                "0.7",
                "--threads",
                "2",
                "--learning-rate",
                "0.05",
                "--epochs",
                "10",
                "--fractions",
                "0.1,0.2,0.4",
                "--repeats",
                "2",
                "--bootstrap",
                "100",
                "--until-width",
                "0.0001",
                "--max-models",
                "9",
                "--quiet"));
    return a.toArray(String[]::new);
  }

  private static String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void anAdaptiveRunAddsModelsSaysWhyItStoppedAndASecondRunTrainsNothing() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 40, 5);
    Path model = TinyData.model(dir);
    Path out = dir.resolve("out");
    String[] r = run(args(data, model, out));
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("Adaptive run: stopped, "), r[1]);
    JsonNode a = new ObjectMapper().readTree(out.resolve("fit.json").toFile()).path("adaptive");
    assertEquals(6, a.path("planned_models").asInt());
    assertTrue(a.path("steps").size() >= 1, a.toString());
    int models = a.path("models").asInt();
    assertTrue(models > 6 && models <= 9, a.toString());
    // Every model, added ones too, is a row of results.csv, and the report says why it stopped.
    assertEquals(models + 1, Files.readAllLines(out.resolve("results.csv")).size());
    assertTrue(Files.readString(out.resolve("report.html")).contains("Adaptive run: stopped"));
    String[] again = run(args(data, model, out));
    assertEquals("0", again[0], again[2]);
    assertTrue(again[1].contains("Models: 0 trained now, " + models + " resumed"), again[1]);
    assertEquals(a, new ObjectMapper().readTree(out.resolve("fit.json").toFile()).path("adaptive"));
  }
}
