package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;
import org.samplesize.cli.Main;

/**
 * What {@code samplesize run} tells and refuses, through the CLI and the real stages: the fit's
 * warnings, a wrong {@code --unfreeze-from} before any work, and a class none of whose images can
 * be read.
 */
class RunChecksTest {
  @TempDir Path dir;

  private Cli.Result run(Path data, String model, String... extra) {
    return TinyRun.of(data, model, dir.resolve("out"), dir.resolve("cache"))
        .twoModels()
        .with("--threads", "2")
        .and(extra)
        .run();
  }

  @Test
  void theFitsWarningsReachStdoutAndTheReport() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 3);
    // One repeat per size: the fitter warns that the intervals cannot show the repeat noise.
    Cli.Result r = run(data, TinyData.model(dir).toString());
    assertEquals(0, r.code(), r.err());
    String fitJson = Files.readString(dir.resolve("out/fit.json"));
    assertTrue(fitJson.contains("no size has repeats"), fitJson);
    assertTrue(r.out().contains("no size has repeats"), r.out());
    String report = Files.readString(dir.resolve("out/report.html"));
    assertTrue(report.contains("no size has repeats"), "the fit's warning in report.html");
  }

  @Test
  void aWrongUnfreezeFromIsRefusedBeforeAnyFeatureOrJournal() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 3);
    // The tiny model is no MobileNetV2: no cut point of it can be fine-tuned.
    Cli.Result r =
        run(data, TinyData.model(dir).toString(), "--fine-tune", "--unfreeze-from", "block_99");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(dir.resolve("out")), "no output folder, journal or settings.yaml");
    assertNoFeatures();
  }

  @Test
  void anUnknownBlockOfTheRealModelIsNamedBeforeAnyWork() throws Exception {
    Path model = SharedData.model("mobilenetv2-12-fp32-dequant.onnx");
    Path data = TinyData.images(dir.resolve("data"), 10, 3);
    Cli.Result r = run(data, model.toString(), "--fine-tune", "--unfreeze-from", "block_99");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
    assertTrue(r.err().contains("'block_99' is not a block"), r.err());
    assertFalse(Files.exists(dir.resolve("out").resolve(Journal.FILE_NAME)), "no journal");
    assertFalse(Files.exists(dir.resolve("out").resolve(Experiment.SETTINGS_FILE)));
    assertNoFeatures();
  }

  /**
   * {@code --weights repeat-variance} with one model per size: refused by the fit only after every
   * model was trained, naming a hidden temporary file ({@code .results.csv.HEX.tmp}). Now refused
   * before any feature or journal, naming the flags to change.
   */
  @Test
  void repeatVarianceWeightsWithoutRepeatsAreRefusedBeforeAnyWork() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 3);
    Cli.Result r = run(data, TinyData.model(dir).toString(), "--weights", "repeat-variance");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--weights repeat-variance needs repeats"), r.err());
    assertTrue(r.err().contains("--repeats 2"), r.err());
    assertFalse(r.err().contains(".tmp"), r.err());
    assertFalse(Files.exists(dir.resolve("out").resolve(Journal.FILE_NAME)), "no journal");
    // The plan checks the images' headers (cached); no feature is extracted.
    assertFalse(Files.exists(dir.resolve("cache/features")), "no feature pass");

    // With repeats the same weights run.
    Cli.Result ok =
        TinyRun.of(data, TinyData.model(dir), dir.resolve("out2"), dir.resolve("cache"))
            .twoModels()
            .with("--threads", "2")
            .with("--repeats", "2")
            .with("--weights", "repeat-variance")
            .run();
    assertEquals(0, ok.code(), ok.err());
  }

  @Test
  void aClassWithoutAReadableImageIsRefusedByName() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 10, 3);
    try (Stream<Path> files = Files.list(data.resolve("blue"))) {
      for (Path f : files.toList()) {
        Files.write(f, new byte[0]);
      }
    }
    Cli.Result r = run(data, TinyData.model(dir).toString());
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
    assertTrue(
        r.err().contains("class 'blue': none of its") && r.err().contains("could be read"),
        r.err());
    assertFalse(Files.exists(dir.resolve("out/results.csv")), "no model trained");
  }

  /**
   * A class with one image: the refusal offered {@code --no-stratified}, which failed in turn.
   * Every way out it offers now works when followed: more images of the class (as many as it says),
   * or the class left out.
   */
  @Test
  void aClassWithOneImageIsRefusedWithWaysOutThatWork() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 30, 3);
    Path blue = data.resolve("blue");
    try (Stream<Path> files = Files.list(blue)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("img000.png")) {
          Files.delete(f);
        }
      }
    }
    String model = TinyData.model(dir).toString();
    Cli.Result r = runOneImage(data, model, "first");
    assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
    String err = r.err();
    assertTrue(err.contains("class 'blue' (1 of"), err);
    // The draw without stratification misses 'blue' too: not offered, and indeed refused.
    assertFalse(err.contains("--no-stratified"), err);
    assertEquals(
        Main.EXIT_USER_ERROR, runOneImage(data, model, "unstratified", "--no-stratified").code());

    java.util.regex.Matcher needs =
        java.util.regex.Pattern.compile(
                "add images of class 'blue': fraction 0.1 needs at least (\\d+) of them among the"
                    + " training images")
            .matcher(err);
    assertTrue(needs.find(), err);
    assertTrue(err.contains("or leave class 'blue' out of the data set"), err);

    // Followed: the class left out.
    Path elsewhere = Files.move(blue, dir.resolve("blue-elsewhere"));
    Cli.Result left = runOneImage(data, model, "left-out");
    assertEquals(0, left.code(), left.err());
    Files.move(elsewhere, blue);

    // Followed: as many training images of 'blue' as it said (the split keeps 90% for training).
    int training = Integer.parseInt(needs.group(1));
    int inFolder = (int) Math.ceil(training / 0.9) + 1;
    for (int i = 1; i < inFolder; i++) {
      Files.copy(blue.resolve("img000.png"), blue.resolve(String.format("copy%03d.png", i)));
    }
    Cli.Result more = runOneImage(data, model, "more");
    assertEquals(0, more.code(), more.err());
  }

  private Cli.Result runOneImage(Path data, String model, String out, String... extra) {
    return TinyRun.of(data, model, dir.resolve(out), dir.resolve("cache"))
        .with("--fractions", "0.1,0.2")
        .with("--repeats", "1")
        .with("--threads", "2")
        .with("--epochs", "1")
        .and(extra)
        .run();
  }

  private void assertNoFeatures() throws Exception {
    Path cache = dir.resolve("cache");
    if (Files.exists(cache)) {
      try (Stream<Path> all = Files.walk(cache)) {
        List<Path> files = all.filter(Files::isRegularFile).toList();
        assertTrue(files.isEmpty(), "no feature pass: " + files);
      }
    }
  }
}
