package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.cli.Cli;

/**
 * Files that cannot be used (empty, truncated, dangling links, a FIFO, a link to /dev/zero) are
 * left out before the sizes are planned, so every size counts images a model really saw; the run
 * neither hangs nor stops on them, and lists them.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnreadableImagesRunTest {
  @TempDir Path dir;

  private TinyRun args() throws Exception {
    String model = TinyData.model(dir).toString();
    return TinyRun.of(dir.resolve("data"), model, dir.resolve("out"), dir.resolve("cache"))
        .twoModels();
  }

  @Test
  void unusableImagesAreLeftOutBeforePlanningSoSizesCountWhatModelsSaw() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 15, 3); // 45 images and red/broken.png
    for (String cls : new String[] {"red", "green"}) {
      for (int i = 0; i < 6; i++) {
        Files.write(data.resolve(cls + "/empty" + i + ".png"), new byte[0]);
      }
    }
    Files.createSymbolicLink(data.resolve("blue/gone.png"), data.resolve("blue/nowhere.png"));
    int unusable = 1 + 12 + 1;
    if (Files.exists(Path.of("/dev/zero"))) {
      Files.createSymbolicLink(data.resolve("blue/zero.jpg"), Path.of("/dev/zero"));
      unusable++;
    }
    if (mkfifo(data.resolve("green/pipe.jpg"))) {
      unusable++;
    }
    TinyRun args = args();
    Cli.Result r = args.run();
    assertEquals(0, r.code(), r.err());
    String all = r.out() + r.err();
    assertFalse(all.contains("overstate"), all);

    JsonNode p = new ObjectMapper().readTree(dir.resolve("out/provenance.json").toFile());
    int train = p.at("/data/train_size").asInt();
    assertEquals(45, train + p.at("/data/test_size").asInt(), p.at("/data").toString());
    assertEquals(45, p.at("/data/images").asInt());
    assertEquals(unusable, p.at("/data/unusable_images_left_out").asInt());
    // The whole training set's model used every training image: the sizes count no unusable one.
    assertEquals(List.of(train / 2, train), sizes(dir.resolve("out/results.csv")));
    String skipped = p.at("/data/skipped").toString();
    for (String f : List.of("broken.png", "empty0.png", "gone.png")) {
      assertTrue(skipped.contains(f), skipped);
    }

    // The notes' record of the feature pass has snake_case keys, as provenance.json's stages.
    JsonNode pass =
        new ObjectMapper()
            .readTree(dir.resolve("out").resolve(Experiment.IMAGES_FILE).toFile())
            .get("feature_pass");
    assertSnakeCase(pass, "feature_pass");
    assertEquals(p.at("/stages/execution_provider"), pass.get("execution_provider"));
    assertEquals(p.at("/stages/feature_cache"), pass.get("feature_cache"));
    assertTrue(
        pass.at("/feature_cache_provenance/provenance/model_sha256").isTextual(), pass.toString());
    String firstReport = Files.readString(dir.resolve("out/report.html"));

    // Everything resumed: no features pass, the list stays.
    Cli.Result again = args.run();
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now"), again.out());
    JsonNode resumed = new ObjectMapper().readTree(dir.resolve("out/provenance.json").toFile());
    assertEquals(p.at("/stages/feature_cache"), resumed.at("/stages/feature_cache"));
    assertEquals(
        p.at("/stages/feature_cache_provenance"), resumed.at("/stages/feature_cache_provenance"));
    String report = Files.readString(dir.resolve("out/report.html"));
    for (String label : List.of("execution provider", "feature cache")) {
      assertTrue(firstReport.contains(label), label);
      assertTrue(report.contains(label), "the same label when no feature pass ran: " + label);
    }
    assertTrue(report.contains("empty0.png"), "the unusable files are listed");
    assertTrue(report.contains("dangling symbolic link"), "with their reasons");

    // A damaged notes file is the user's to delete: one line, exit 2, nothing else touched.
    Files.writeString(dir.resolve("out").resolve(Experiment.IMAGES_FILE), "{\"skipped\": [");
    Cli.Result damaged = args.run();
    assertEquals(2, damaged.code(), damaged.out());
    assertTrue(damaged.err().contains("delete it to go on"), damaged.err());
    assertEquals(1, damaged.err().strip().lines().count(), damaged.err());
  }

  @Test
  void anImageThatPassesItsHeaderButDoesNotDecodeIsNotCountedInTheSize() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 15, 3);
    byte[] bmp = undecodableBmp();
    int corrupt = 0;
    for (String cls : new String[] {"red", "green", "blue"}) {
      for (int i = 0; i < 4; i++) {
        Files.write(data.resolve(cls + "/bad" + i + ".bmp"), bmp);
        corrupt++;
      }
    }
    Cli.Result r = args().run();
    assertEquals(0, r.code(), r.err());
    Matcher m =
        Pattern.compile("(\\d+) of (\\d+) training images passed the header check")
            .matcher(r.out() + r.err());
    assertTrue(m.find(), r.out() + r.err());
    int undecodable = Integer.parseInt(m.group(1));
    JsonNode p = new ObjectMapper().readTree(dir.resolve("out/provenance.json").toFile());
    int train = p.at("/data/train_size").asInt();
    assertEquals(Integer.parseInt(m.group(2)), train);
    assertEquals(45 + corrupt, train + p.at("/data/test_size").asInt());
    // Fraction 1 drew every training image; the ones that did not decode are not counted.
    assertEquals(train - undecodable, sizes(dir.resolve("out/results.csv")).get(1));
    // The rerun resumes those models (their journaled size is below the planned one) instead of
    // refusing the journal.
    List<Integer> first = sizes(dir.resolve("out/results.csv"));
    Cli.Result again = args().run();
    assertEquals(0, again.code(), again.err());
    assertEquals(first, sizes(dir.resolve("out/results.csv")), again.out());
    assertTrue(again.out().contains("0 trained now"), again.out());
  }

  @Test
  void theAnswerAndTheValidationAreAtTheTrainingImagesThatDecoded() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 15, 3);
    byte[] bmp = undecodableBmp();
    for (String cls : new String[] {"red", "green", "blue"}) {
      for (int i = 0; i < 4; i++) {
        Files.write(data.resolve(cls + "/bad" + i + ".bmp"), bmp);
      }
    }
    TinyRun validated = args().with("--validate");
    Cli.Result r = validated.run();
    assertEquals(0, r.code(), r.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode p = json.readTree(dir.resolve("out/provenance.json").toFile());
    int planned = p.at("/data/train_size").asInt();
    // Fraction 1 drew every training image: its size counts those that decoded.
    int usable = sizes(dir.resolve("out/results.csv")).get(1);
    assertTrue(usable > 0 && usable < planned, usable + " of " + planned);
    // The prediction the whole training set's model is compared with is made at the images that
    // model learned from, not at the planned count.
    JsonNode v = json.readTree(dir.resolve("out").resolve(Experiment.VALIDATION_FILE).toFile());
    assertEquals(usable, v.get("n").asInt(), v.toString());
    String answer = answerLine(r);
    String expected =
        String.format(
            java.util.Locale.ROOT,
            "With all %d usable training images (%d of %d do not decode), expect",
            usable,
            planned - usable,
            planned);
    assertTrue(answer.startsWith(expected), answer);
    assertTrue(
        r.out().contains("with all " + usable + " usable training images ("),
        "the validation line says which images too: " + r.out());
    assertTrue(
        Files.readString(dir.resolve("out/report.html")).contains(expected),
        "the report gives the same answer");
    assertEquals(usable, p.at("/data/usable_train_size").asInt(), p.at("/data").toString());
    // The few-test-images warning counts the test images the models were scored on.
    int scored = column(dir.resolve("out/results.csv"), "test_size").get(0);
    int plannedTest = p.at("/data/test_size").asInt();
    assertTrue(scored < plannedTest, "some test images do not decode either");
    // Said as for the training images, on the console and in the report's data set section.
    String testNote =
        (plannedTest - scored)
            + " of "
            + plannedTest
            + " test images passed the header check but could not be used";
    assertTrue((r.out() + r.err()).contains(testNote), r.out() + r.err());
    assertTrue(
        r.out().contains("the models are scored on the " + scored + " usable ones"), r.out());
    assertTrue(
        Files.readString(dir.resolve("out/report.html"))
            .contains(
                "test set "
                    + plannedTest
                    + " ("
                    + scored
                    + " usable: "
                    + (plannedTest - scored)
                    + " could not be used)"),
        "the report's data set section counts the test images scored");
    assertTrue(
        r.out().contains("the test set holds only " + scored + " images"),
        "the warning counts the " + scored + " test images scored: " + r.out());
    int redScored = column(dir.resolve("out/results.csv"), "test_n[red]").get(0);
    // Its advice counts the class's images that decode: the whole training set's model drew
    // every training image, so its red count is red's usable training images.
    int redUsable = column(dir.resolve("out/results.csv"), "train_n[red]").get(1) + redScored;
    assertTrue(
        r.out().contains("'red' has only " + redUsable + " images"),
        "the advice counts red's " + redUsable + " usable images: " + r.out());
    assertTrue(
        r.out().contains("'red' (" + redScored + " test image"),
        "the class warning counts red's " + redScored + " test images scored: " + r.out());

    // Resumed (features cached, every model journaled): the same answer and validation.
    Cli.Result again = validated.run();
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now"), again.out());
    assertEquals(answer, answerLine(again));
    assertTrue(again.out().contains(testNote), "said again when resumed: " + again.out());
    assertEquals(v, json.readTree(dir.resolve("out").resolve(Experiment.VALIDATION_FILE).toFile()));

    // Without --validate the journaled validation model (fewer images than planned) is kept.
    Cli.Result without = args().run();
    assertEquals(0, without.code(), without.err());
    assertEquals(answer, answerLine(without));
  }

  @Test
  void aSubsampleLeftWithTooFewImagesThatDecodeIsRefusedWithWhatToDo() throws Exception {
    // 5 images per class that decode among 30: a subsample of a few images draws at most one
    // that decodes, which leaves nothing to train on once a share is held out to
    // validate. That was an internal error ("job ... has 1 rows") or a message without a remedy.
    Path data = TinyData.images(dir.resolve("data"), 5, 3);
    byte[] bmp = undecodableBmp();
    for (String cls : new String[] {"red", "green", "blue"}) {
      for (int i = 0; i < 25; i++) {
        Files.write(data.resolve(cls + "/bad" + i + ".bmp"), bmp);
      }
    }
    Cli.Shown<Cli.Result> run =
        Cli.showingProgress(
            () -> args().with("--train-fraction", "0.5").with("--fractions", "0.1,1.0").run());
    Cli.Result r = run.result();
    String shown = run.progress();
    // The training stage it stopped in ends "stopped after", not "done".
    assertTrue(shown.matches("(?s).*training \\d+ heads: stopped after 0 of.*"), shown);
    assertFalse(shown.contains("heads: done"), shown);
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("too few to train on"), r.err());
    assertTrue(r.err().contains("fix or remove those files, or give larger --fractions"), r.err());
    // The run stops before any report is written: the message points where the files are named.
    assertFalse(Files.exists(dir.resolve("out/report.html")));
    assertFalse(r.err().contains("report.html"), r.err());
    assertTrue(r.err().contains(Experiment.IMAGES_FILE), r.err());
  }

  private static String answerLine(Cli.Result r) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith("With all"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no answer at the whole training set: " + r.out()));
  }

  private static void assertSnakeCase(JsonNode node, String where) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                assertTrue(e.getKey().matches("[a-z0-9_]+"), where + ": key '" + e.getKey() + "'");
                assertSnakeCase(e.getValue(), where + "." + e.getKey());
              });
    } else if (node.isArray()) {
      node.forEach(v -> assertSnakeCase(v, where));
    }
  }

  /** The sizes in results.csv, in row order (one model per fraction here). */
  private static List<Integer> sizes(Path csv) throws Exception {
    return column(csv, "size");
  }

  /** A whole-number column of results.csv, in row order. */
  private static List<Integer> column(Path csv, String name) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    // Commas outside quotes split the fields (the backend column is quoted and holds one).
    String split = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";
    int col = List.of(lines.get(0).split(split)).indexOf(name);
    return lines.subList(1, lines.size()).stream()
        .map(l -> Integer.parseInt(l.split(split)[col]))
        .toList();
  }

  /**
   * A BMP whose header gives 7 bits per pixel: the format and size the header check reads are fine,
   * but no decoder takes it.
   */
  private static byte[] undecodableBmp() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(24, 24, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "bmp",
        out);
    byte[] b = out.toByteArray();
    b[28] = 7;
    return b;
  }

  private static boolean mkfifo(Path p) throws Exception {
    try {
      Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
      return mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
