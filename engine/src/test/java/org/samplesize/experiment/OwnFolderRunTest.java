package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.cli.Cli;

/**
 * {@code run} on a user's own, unbalanced folder (60/20/12 images, a folder nested inside a class
 * folder): the answer block puts the accuracy in proportion to always answering the largest class,
 * the advice for a class with few test images follows its count, and the report names the unread
 * folder as the console does.
 */
class OwnFolderRunTest {
  @TempDir static Path dir;
  static Cli.Result result;
  static Path out;

  @BeforeAll
  static void run() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 60, 7);
    for (int i = 20; i < 60; i++) {
      Files.delete(data.resolve(String.format("green/img%03d.png", i)));
    }
    for (int i = 12; i < 60; i++) {
      Files.delete(data.resolve(String.format("blue/img%03d.png", i)));
    }
    Path nested = Files.createDirectories(data.resolve("red/nested"));
    Files.copy(data.resolve("red/img000.png"), nested.resolve("img000.png"));
    out = dir.resolve("out");
    result =
        TinyRun.of(data, TinyData.model(dir), out, dir.resolve("cache"))
            .head()
            .and("--target", "0.9", "--fractions", "0.25,0.5,1.0", "--bootstrap", "100")
            .run();
    assertEquals(0, result.code(), result.err());
  }

  @Test
  void theAnswerBlockAndFitJsonGiveTheLargestClasssShareOfTheTestSplit() throws Exception {
    // red 60, green 20, blue 12 at --train-fraction 0.7: 18 of 28 test images are red
    String line =
        "Always answering the largest class, 'red', scores 64.3% on the test split (18 of 28 test"
            + " images)";
    assertTrue(result.out().contains(line), result.out());
    assertTrue(Files.readString(out.resolve("report.html")).contains(line.replace("'", "&#39;")));
    JsonNode b =
        new ObjectMapper().readTree(out.resolve("fit.json").toFile()).get("majority_baseline");
    assertEquals("red", b.get("class").asText());
    assertEquals(18.0 / 28, b.get("share").asDouble(), 1e-9);
    assertEquals(28, b.get("test_size").asInt());
    assertTrue(b.get("notable").asBoolean());
  }

  @Test
  void aClassTooSmallForTwentyTestImagesIsToldToAddImagesNotToLowerTheTrainFraction() {
    String out = result.out();
    assertTrue(
        out.contains(
            "'blue' has only 12 images, too few at any --train-fraction of 0.5 or more: add images"
                + " of it, about 54 more at --train-fraction 0.7 (28 more at 0.5)"),
        out);
    assertTrue(out.contains("'green' has only 20 images"), out);
    assertFalse(out.contains("or lower --train-fraction, so that each has"), out);
  }

  @Test
  void theReportNamesTheFolderInsideAClassFolderAsTheConsoleDoes() throws Exception {
    // The console's line (Planner.unreadInClassFolders, printed as a note) in the report's data
    // set section, not only the count of ignored folders.
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(
        html.contains(
            "<p class=\"warn\">Not read: 1 folder inside class folders (e.g. red/nested/): only"
                + " the images directly in a class folder are read; move the images up to use"
                + " them"),
        html.substring(html.indexOf("<h2>Data set")));
  }
}
