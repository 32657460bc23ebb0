package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;
import org.samplesize.cli.Main;

/**
 * {@code samplesize run} end to end through the real stages, on generated data and on tf_flowers.
 */
class RunEndToEndTest {
  @TempDir static Path dir;
  static Path data;
  static Path model;

  @BeforeAll
  static void fixtures() throws Exception {
    data = TinyData.images(dir.resolve("data"), 60, 7);
    model = TinyData.model(dir);
  }

  /** The tiny head run's flags into {@code out}, with {@code extra} added. */
  static List<String> tinyArgs(Path out, String... extra) {
    return TinyRun.of(data, model, out, dir.resolve("cache")).head().and(extra).list();
  }

  @Test
  void withoutTheBootstrapNoAnswerPrintsAnIntervalItDoesNotHave() throws Exception {
    Path out = dir.resolve("out-no-bootstrap");
    Cli.Result r = TinyRun.run(tinyArgs(out, "--validate", "--bootstrap", "0", "--target", "0.9"));
    assertEquals(0, r.code(), r.err());
    // The point used to be printed as its own interval: "(90% interval 53.5–53.6%)".
    assertFalse(r.out().contains("% interval"), r.out());
    assertTrue(r.out().contains("(no interval: intervals need --bootstrap above 0"), r.out());
    assertTrue(r.out().contains("(no interval to compare with)"), r.out());
    String validation = Files.readString(out.resolve(Experiment.VALIDATION_FILE));
    assertTrue(validation.contains("\"lo\" : null"), validation);
    assertFalse(validation.contains("NaN"), validation);
    String html = Files.readString(out.resolve("report.html"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(".{0,120}% interval [0-9].{0,20}").matcher(html);
    assertFalse(m.find(), () -> "the report shows no made-up interval either: " + m.group());
    // (the embedded PNGs' base64 may spell "NaN" by chance)
    String text = html.replaceAll("base64,[A-Za-z0-9+/=]+", "base64,");
    assertFalse(text.contains("NaN"), "nor NaN");
  }

  @Test
  void aTestSetOfThreeImagesIsWarnedAboutOnTheConsoleInTheReportAndInFitJson() throws Exception {
    // 3 classes of 15 photos with the default 90/10 split: 3 test images, 1 per class.
    Path small = TinyData.images(dir.resolve("data-15"), 15, 7);
    Path out = dir.resolve("out-small-test");
    Cli.Result r =
        TinyRun.run(
            TinyRun.of(small, model, out, dir.resolve("cache"))
                .with("--threads", "2")
                .with("--fractions", "0.5,1.0")
                .with("--repeats", "2")
                .list());
    assertEquals(0, r.code(), r.err());
    String warning = "Warning: the test set holds only 3 images, too few to measure accuracy";
    assertTrue(r.out().contains(warning), r.out());
    assertTrue(r.out().contains("every measured accuracy is a multiple of 1/3"), r.out());
    assertTrue(r.out().contains("√(a(1−a)/3)"), r.out());
    // The remedy follows the folder's count: no --train-fraction of 0.5 or more gives 45 images
    // 100 test images (996 would at 0.9, 200 at 0.5).
    assertTrue(
        r.out()
            .contains(
                "With 45 images no --train-fraction of 0.5 or more gives 100 test images: add"
                    + " images, about 951 more at --train-fraction 0.9 (155 more at 0.5)."),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "few test images in classes 'blue' (1 test image), 'green' (1 test image), 'red' (1 test image)"),
        r.out());
    assertTrue(Files.readString(out.resolve("report.html")).contains(warning));
    JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
    List<String> warnings = new ArrayList<>();
    fit.path("curves").get(0).path("warnings").forEach(w -> warnings.add(w.asText()));
    // fit.json holds the sentence, like its other warnings; the console and report prefix it.
    assertTrue(
        warnings.stream().anyMatch(w -> w.startsWith(warning.substring("Warning: ".length()))),
        warnings.toString());
  }

  /**
   * Byte-identical images were left to {@code inspect}: a run on a folder where the same file sat
   * under two classes, or a test image's copy among the training images, answered without a word.
   */
  @Test
  void imagesCopiedAcrossClassesOrAcrossTheSplitAreWarnedAbout() throws Exception {
    Path copied = TinyData.images(dir.resolve("data-copies"), 30, 11);
    Files.copy(copied.resolve("red/img000.png"), copied.resolve("green/from-red.png"));
    // Every blue image twice: some test image's copy is surely among the training images.
    for (int i = 0; i < 30; i++) {
      String name = String.format(java.util.Locale.ROOT, "img%03d.png", i);
      Files.copy(copied.resolve("blue/" + name), copied.resolve("blue/copy-" + name));
    }
    Path out = dir.resolve("out-copies");
    Cli.Result r =
        TinyRun.run(
            TinyRun.of(copied, model, out, dir.resolve("cache"))
                .with("--threads", "2")
                .with("--fractions", "0.5,1.0")
                .with("--repeats", "2")
                .list());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("Warning: 1 image has a byte-identical copy under more than one class"),
        r.out());
    assertTrue(r.out().contains("green/from-red.png = red/img000.png"), r.out());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "Warning: (\\d+) of the (\\d+) test images ha(s|ve) a byte-identical copy among"
                    + " the training images \\(e.g. test blue/")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
    String warnings = fit.path("curves").get(0).path("warnings").toString();
    assertTrue(warnings.contains("under more than one class"), warnings);
    assertTrue(warnings.contains("among the training images"), warnings);
    assertTrue(Files.readString(out.resolve("report.html")).contains("under more than one class"));
  }

  @Test
  void aTinyRunWritesEveryOutputAndASecondRunTrainsNothing() throws Exception {
    Path out = dir.resolve("out-full");
    Cli.Result r = TinyRun.run(tinyArgs(out, "--validate", "--target", "0.9"));
    assertEquals(0, r.code(), r.err());
    for (String f :
        List.of(
            "journal.jsonl",
            "results.csv",
            "fit.json",
            "learning-curve.png",
            "learning-curve.svg",
            "report.html",
            "provenance.json",
            "settings.yaml",
            "validation.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; stderr: " + r.err());
    }
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(21, csv.size(), "header + 20 models");
    assertTrue(
        csv.get(0)
            .startsWith("curve,fraction,size,repeat,accuracy,auc,roc_auc,macro_f1,test_size"));

    ObjectMapper json = new ObjectMapper();
    JsonNode v = json.readTree(out.resolve("validation.json").toFile());
    assertEquals(
        List.of("n", "predicted", "lo", "hi", "measured", "metric", "curves"), fieldNames(v));
    assertEquals(1, v.get("curves").size(), "a head-only run validates the head curve alone");
    assertTrue(v.get("measured").asDouble() > 0.5, v.toString());
    JsonNode p = json.readTree(out.resolve("provenance.json").toFile());
    assertEquals(org.samplesize.io.Sha256.file(model), p.at("/model/sha256").asText());
    assertEquals(64, p.at("/data/sha256").asText().length());
    assertTrue(p.at("/data/skipped").toString().contains("broken.png"), p.at("/data").toString());
    assertEquals(1, p.at("/data/ignored").size(), p.at("/data/ignored").toString());

    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<svg"), "plot inlined");
    assertTrue(html.contains("broken.png"), "skipped file listed");
    assertTrue(r.out().contains("accuracy"), r.out());

    Cli.Result again = TinyRun.run(tinyArgs(out, "--validate", "--target", "0.9"));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now, 21 resumed"), again.out());
    assertEquals(22, Files.readAllLines(out.resolve("journal.jsonl")).size());
  }

  @Test
  void changedSettingsAreRefusedWithTheDifference() {
    Path out = dir.resolve("out-refuse");
    Cli.Result first = TinyRun.run(tinyArgs(out, "--fractions", "0.2,0.5", "--repeats", "2"));
    assertEquals(0, first.code(), first.err());
    Cli.Result second = TinyRun.run(tinyArgs(out, "--fractions", "0.2,0.5", "--repeats", "3"));
    assertEquals(Main.EXIT_USER_ERROR, second.code());
    assertTrue(second.err().contains("repeats: the journal has 2, this run 3"), second.err());
    assertEquals(1, second.err().strip().lines().count(), second.err());
  }

  @Test
  void runTakesTheFitOptionsOfFitAndAResumeRefitsWithOtherOnesWithoutTraining() throws Exception {
    Path out = dir.resolve("out-fit-options");
    String[] base = {"--fractions", "0.2,0.5", "--repeats", "2"};
    List<String> first = tinyArgs(out, base);
    first.addAll(
        List.of("--family", "pow3", "--bootstrap", "0", "--level", "0.8", "--weights", "binomial"));
    Cli.Result r = TinyRun.run(first);
    assertEquals(0, r.code(), r.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode fit = json.readTree(out.resolve("fit.json").toFile());
    assertEquals("[\"pow3\"]", fit.get("family_request").toString());
    assertEquals(0, fit.get("bootstrap").asInt());
    assertEquals(0.8, fit.get("level").asDouble());
    assertEquals("binomial", fit.get("weights").asText());

    // The fit reads the journaled results again: other fit options are no other experiment.
    List<String> second = tinyArgs(out, base);
    second.addAll(List.of("--method", "RECIPE", "--bootstrap", "0"));
    Cli.Result again = TinyRun.run(second);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now"), again.out());
    fit = json.readTree(out.resolve("fit.json").toFile());
    assertEquals("recipe", fit.get("method").asText());
    assertTrue(Files.readString(out.resolve("settings.yaml")).contains("method: recipe"));

    List<String> wrong = tinyArgs(out, base);
    wrong.addAll(List.of("--family", "pow5"));
    Cli.Result bad = TinyRun.run(wrong);
    assertEquals(Main.EXIT_USER_ERROR, bad.code());
    assertTrue(bad.err().contains("--family"), bad.err());
  }

  /**
   * A resume with nothing left to train (a new {@code --target}, or outputs lost to a kill after
   * the last model) runs no feature pass: its {@code provenance.json} and report dropped what the
   * pass that computed the models' features recorded (execution provider, feature cache and its
   * provenance). They are kept beside the journal and reported again.
   */
  @Test
  void aResumeWithNothingToTrainKeepsTheFeaturePassProvenance() throws Exception {
    Path out = dir.resolve("out-provenance");
    String[] base = {"--fractions", "0.5,1", "--repeats", "1", "--bootstrap", "0"};
    assertEquals(0, TinyRun.run(tinyArgs(out, base)).code());
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(out.resolve(Experiment.PROVENANCE_FILE).toFile()).get("stages");
    for (String key : List.of("execution_provider", "feature_cache", "feature_cache_provenance")) {
      assertTrue(first.has(key), key + " in " + first);
    }

    List<String> again = tinyArgs(out, base);
    again.addAll(List.of("--target", "0.9"));
    Cli.Result r = TinyRun.run(again);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("0 trained now"), r.out());
    JsonNode second = json.readTree(out.resolve(Experiment.PROVENANCE_FILE).toFile()).get("stages");
    assertEquals(first, second);
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains(first.get("feature_cache").asText()), "the report names the cache");
  }

  @Test
  void aModelCardOverrideOfRunIsPartOfTheIdentityAndNamedOnResume() throws Exception {
    Path out = dir.resolve("out-card-override");
    String[] base = {"--fractions", "0.2,0.5", "--repeats", "2"};
    List<String> first = tinyArgs(out, base);
    first.addAll(List.of("--scale", "0.005"));
    Cli.Result r = TinyRun.run(first);
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(out.resolve("settings.yaml")).contains("scale: 0.005"));

    Cli.Result changed = TinyRun.run(tinyArgs(out, base));
    assertEquals(Main.EXIT_USER_ERROR, changed.code());
    assertTrue(changed.err().contains("scale: the journal has 0.005"), changed.err());
  }

  @Test
  void theRecipeOnTfFlowersGivesTwentyModelsAFitAndAReport() throws Exception {
    Path flowers = SharedData.flowers();
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    // A cache under target/ so that repeated local runs reuse the features; CI has no shared data.
    Path cache = Path.of("target", "e2e-cache").toAbsolutePath();
    Path out = dir.resolve("out-flowers");
    Cli.Result r =
        TinyRun.run(
            "--data",
            flowers.toString(),
            "--model",
            int8.toString(),
            "--out",
            out.toString(),
            "--cache",
            cache.toString(),
            "--quiet");
    assertEquals(0, r.code(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(21, csv.size());
    assertTrue(Files.isRegularFile(out.resolve("fit.json")));
    assertTrue(Files.readString(out.resolve("report.html")).contains("flower_photos"));
    double best = 0;
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      if (f[1].equals("0.5")) {
        best = Math.max(best, Double.parseDouble(f[4]));
      }
    }
    assertTrue(best > 0.8, "a head on half of tf_flowers should pass 80% accuracy, got " + best);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
