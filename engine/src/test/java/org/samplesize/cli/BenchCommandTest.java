package org.samplesize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.bench.BenchRow;
import org.samplesize.bench.HeadBenchmark;
import org.samplesize.bench.TailBenchmark;
import org.samplesize.features.ModelCard;
import picocli.CommandLine;

/**
 * What {@code bench} records about the decoding its feature rows were measured with, and what its
 * help says it measures on.
 */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void theJsonAndTheNotesLineSayWhetherJpegDctScalingWasOnAndTheResize() throws Exception {
    ModelCard off = ModelCard.load(ModelCard.DEFAULT);
    ModelCard on = off.withPreprocessing(off.preprocessing().withJpegDctScaling(true));
    assertFalse(off.preprocessing().jpegDctScaling(), "the built-in card has it off");

    Path a = dir.resolve("off.json");
    Path b = dir.resolve("on.json");
    BenchCommand.writeJson(List.of(), 1, off, a);
    BenchCommand.writeJson(List.of(), 1, on, b);
    JsonNode ja = new ObjectMapper().readTree(a.toFile());
    JsonNode jb = new ObjectMapper().readTree(b.toFile());
    assertFalse(ja.path("preprocessing").path("jpeg_dct_scaling").asBoolean(true));
    assertTrue(jb.path("preprocessing").path("jpeg_dct_scaling").asBoolean(false));
    assertEquals(
        off.preprocessing().resize().name(), ja.path("preprocessing").path("resize").asText());
    assertEquals(off.preprocessing().width(), ja.path("preprocessing").path("width").asInt());
    assertEquals(off.name(), ja.path("model").asText());

    String lineOff = BenchCommand.settingsLine(off);
    String lineOn = BenchCommand.settingsLine(on);
    assertTrue(lineOff.endsWith("jpeg-dct-scaling off"), lineOff);
    assertTrue(lineOn.endsWith("jpeg-dct-scaling on"), lineOn);
    assertTrue(lineOff.contains("resize " + off.preprocessing().resize()), lineOff);
  }

  @Test
  void aCountBelowItsRangeIsNamedByItsFlagBeforeTheDataIsRead() {
    // The data folder does not exist: the flag's own check must come first, naming the flag.
    String missing = dir.resolve("no-such-folder").toString();
    for (String[] c :
        List.of(
            new String[] {"--warmup", "-1", "--warmup must be 0 or more, got -1"},
            new String[] {"--repetitions", "0", "--repetitions must be at least 1, got 0"},
            new String[] {"--images", "0", "--images must be at least 1, got 0"})) {
      CommandLine cl = Main.commandLine();
      java.io.StringWriter err = new java.io.StringWriter();
      cl.setErr(new java.io.PrintWriter(err));
      cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
      assertEquals(
          Main.EXIT_USER_ERROR, cl.execute("bench", "--data", missing, c[0], c[1], "--quiet"));
      assertTrue(err.toString().contains(c[2]), err.toString());
    }
  }

  @Test
  void aSkippedRowHasEveryKeyWithNullsWhereNothingWasMeasured() throws Exception {
    ModelCard card = ModelCard.load(ModelCard.DEFAULT);
    BenchRow skipped =
        new BenchRow(
            "features", "cuda", "int8", card.name(), 16, 2, "excluded", "img/s", null, "no GPU");
    BenchRow timed =
        new BenchRow(
            "features",
            "cpu",
            "int8",
            card.name(),
            16,
            2,
            "excluded",
            "img/s",
            new double[] {10, 12},
            "");
    BenchRow noBatch =
        new BenchRow("head", "cuda", "fp32", card.name(), 0, 2, "", "models/s", null, "no GPU");
    Path f = dir.resolve("bench.json");
    BenchCommand.writeJson(List.of(skipped, timed, noBatch), 2, card, f);
    JsonNode rows = new ObjectMapper().readTree(f.toFile()).path("rows");
    java.util.List<String> keysSkipped = new java.util.ArrayList<>();
    java.util.List<String> keysTimed = new java.util.ArrayList<>();
    rows.get(0).fieldNames().forEachRemaining(keysSkipped::add);
    rows.get(1).fieldNames().forEachRemaining(keysTimed::add);
    assertEquals(keysTimed, keysSkipped);
    for (String k : List.of("median", "min", "max", "spread_percent")) {
      assertTrue(rows.get(0).get(k).isNull(), k);
    }
    assertEquals(11.0, rows.get(1).get("median").asDouble());
    assertEquals("no GPU", rows.get(0).get("note").asText());
    // A skipped row keeps the batch it was asked for; one that never had one has null, not 0.
    assertEquals(16, rows.get(0).get("batch").asInt());
    assertTrue(rows.get(2).get("batch").isNull(), rows.get(2).toString());
  }

  @Test
  void theHelpSaysTheTrainingRowsRunOnRandomInputsOfTheirRealShape() {
    String help =
        String.join(
            " ", new CommandLine(new BenchCommand()).getCommandSpec().usageMessage().description());
    // It said "on your model and a sample of your data" for every row, but only the feature rows
    // read the data: the head rows train on random features, the tail rows on random activations.
    assertFalse(help.contains("on your model and a sample of your data."), help);
    assertTrue(help.contains("a sample of your images"), help);
    HeadBenchmark.Plan plan = HeadBenchmark.recipePlan(1, 42);
    String heads =
        String.format(
            Locale.ROOT,
            "random features of tf_flowers' shape (%,d training and %,d test rows of %,d values, %d"
                + " classes)",
            plan.features().rows() - plan.testRows().length,
            plan.testRows().length,
            plan.features().cols(),
            plan.classes());
    assertTrue(help.contains(heads), help + "\nexpected: " + heads);
    assertTrue(
        help.contains("random trunk activations with " + TailBenchmark.CLASSES + " classes"), help);
  }
}
