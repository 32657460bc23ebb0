package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on a data set with unreadable images says how much they inflate the curve's sizes. */
class UnreadableImagesRunTest {
  @TempDir Path dir;

  @Test
  void unreadableTrainingImagesAreCountedAndTheRunSaysSo() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 15, 3);
    for (String cls : new String[] {"red", "green"}) {
      for (int i = 0; i < 6; i++) {
        Files.write(data.resolve(cls + "/empty" + i + ".png"), new byte[0]);
      }
    }
    String[] args = {
      "--data",
      data.toString(),
      "--model",
      TinyData.model(dir).toString(),
      "--out",
      dir.resolve("out").toString(),
      "--cache",
      dir.resolve("cache").toString(),
      "--fractions",
      "0.5,1",
      "--repeats",
      "1",
      "--train-fraction",
      "0.7",
      "--epochs",
      "5",
      "--quiet"
    };
    RunEndToEndTest.Result r = RunEndToEndTest.run(args);
    assertEquals(0, r.code(), r.err());
    String all = r.out() + r.err();
    assertTrue(
        all.matches("(?s).*\\d+ of \\d+ training images could not be read.*overstate.*"), all);
    String provenance = Files.readString(dir.resolve("out/provenance.json"));
    assertTrue(provenance.contains("unreadable_training_images"), provenance);

    // Everything resumed: no features pass, yet the warning and the list stay.
    RunEndToEndTest.Result again = RunEndToEndTest.run(args);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("0 trained now"), again.out());
    assertTrue(again.out().contains("training images could not be read"), again.out());
    String report = Files.readString(dir.resolve("out/report.html"));
    assertTrue(report.contains("could not be read"), "warning in the report");
    assertTrue(report.contains("empty0.png"), "the unreadable files are listed");

    // A damaged notes file is the user's to delete: one line, exit 2, nothing else touched.
    Files.writeString(dir.resolve("out").resolve(Experiment.IMAGES_FILE), "{\"skipped\": [");
    RunEndToEndTest.Result damaged = RunEndToEndTest.run(args);
    assertEquals(2, damaged.code(), damaged.out());
    assertTrue(damaged.err().contains("delete it to go on"), damaged.err());
    assertEquals(1, damaged.err().strip().lines().count(), damaged.err());
  }
}
