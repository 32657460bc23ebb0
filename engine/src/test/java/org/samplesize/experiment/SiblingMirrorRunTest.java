package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;
import org.samplesize.data.Mirror;

/**
 * {@code samplesize run} with no data, model or mirror flag and no environment: tf_flowers and the
 * default model come from {@code shared/data} beside the checkout, offline. The checkout is a
 * temporary folder (as the launcher passes it in {@link Mirror#HOME_PROPERTY}) whose sibling is a
 * small mirror: tiny photos, and the real default model file from the shared data.
 */
class SiblingMirrorRunTest {
  @TempDir Path dir;

  @Test
  void runWithNoFlagsTakesTheMirrorBesideTheCheckout() throws Exception {
    Path model = SharedData.model("mobilenetv2-12-int8.onnx");
    assumeTrue(
        System.getenv(Mirror.ENV) == null,
        "skipped: $" + Mirror.ENV + " is set, it would come first");
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Path mirror = dir.resolve("shared/data");
    TinyData.images(mirror.resolve("flowers/flower_photos"), 40, 5);
    Files.createDirectories(mirror.resolve("models"));
    Files.createSymbolicLink(mirror.resolve("models").resolve(model.getFileName()), model);
    Path out = dir.resolve("out");

    String before = System.getProperty(Mirror.HOME_PROPERTY);
    System.setProperty(Mirror.HOME_PROPERTY, checkout.toString());
    Cli.Shown<Cli.Result> run;
    try {
      run =
          Cli.showingProgress(
              () ->
                  TinyRun.run(
                      "--out",
                      out.toString(),
                      "--cache",
                      dir.resolve("cache").toString(),
                      "--quiet"));
    } finally {
      if (before == null) {
        System.clearProperty(Mirror.HOME_PROPERTY);
      } else {
        System.setProperty(Mirror.HOME_PROPERTY, before);
      }
    }
    Cli.Result r = run.result();
    String err = run.progress() + r.err();
    assertEquals(0, r.code(), err);
    String line =
        "samplesize: offline mirror "
            + mirror
            + " (from shared/data beside the samplesize checkout)";
    assertEquals(1, err.lines().filter(l -> l.equals(line)).count(), err);
    String provenance = Files.readString(out.resolve("provenance.json"));
    assertTrue(provenance.contains("\"mirror\""), provenance);
    assertTrue(provenance.contains(mirror.resolve("models").toString()), provenance);
  }

  @Test
  void fashionMnistIsDownloadedWhenOnlyTheDefaultMirrorLacksIt() throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("co/checkout"));
    Path sibling = dir.resolve("co/shared/data");
    Files.createDirectories(sibling.resolve("flowers/flower_photos"));
    Files.createDirectories(sibling.resolve("models"));
    Mirror.Choice byDefault = Mirror.find(null, java.util.Map.of(), checkout.toString());
    assertEquals(sibling, byDefault.dir());
    assertTrue(byDefault.isDefault());
    assertNull(
        Planner.dataMirror(byDefault, "fashion_mnist"),
        "a default mirror without fashion-mnist/ does not stop the download");
    assertEquals(sibling, Planner.dataMirror(byDefault, "tf_flowers"));
    Mirror.Choice named = Mirror.find(sibling, java.util.Map.of(), null);
    assertEquals(
        sibling,
        Planner.dataMirror(named, "fashion_mnist"),
        "a mirror that was named is taken as given (and refused when it lacks the files)");
    Files.createDirectories(sibling.resolve("fashion-mnist"));
    assertEquals(sibling, Planner.dataMirror(byDefault, "fashion_mnist"));
  }
}
