package org.samplesize.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.experiment.TinyData;
import org.samplesize.features.ExecutionProfile;
import org.samplesize.features.FeatureExtractor;
import org.samplesize.features.ModelCard;
import org.samplesize.features.TinyModels;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImagePipeline;

/** Which execution providers bench measures, and what it says about the others. */
class FeatureBenchTest {
  @TempDir Path dir;

  /**
   * Under the default --ep auto, bench printed a row per provider not available here saying it "was
   * requested but is not usable here ... Use --ep auto or --ep cpu": auto asked for none.
   */
  @Test
  void autoSkipsWhatIsNotAvailableHereWithOneNoteAndANamedProviderGetsARow() throws Exception {
    String why = FeatureExtractor.unavailableReason(ExecutionProfile.load("tensorrt"));
    assumeTrue(why != null, "TensorRT runs here: nothing for auto to skip");
    Path model = TinyModels.write(dir);
    ModelCard card = TinyModels.card(model);
    List<Path> images;
    try (Stream<Path> files = Files.walk(TinyData.images(dir.resolve("data"), 2, 3))) {
      images = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(4).toList();
    }
    List<String> notes = new ArrayList<>();
    List<BenchRow> rows =
        FeatureBench.run(
            card,
            model,
            images,
            new FeatureBench.Settings(List.of("auto"), List.of(2), 1, 0, 1, 2),
            dir.resolve("cache"),
            ProgressListener.notesTo(notes::add));
    assertFalse(rows.isEmpty());
    for (BenchRow r : rows) {
      assertTrue(r.note() == null || !r.note().contains("requested"), r.toString());
      assertFalse(r.backend().equals("tensorrt"), r.toString());
    }
    assertTrue(rows.stream().anyMatch(r -> r.backend().equals("cpu")), rows.toString());
    List<String> skipped = notes.stream().filter(n -> n.contains("skipped")).toList();
    assertEquals(1, skipped.size(), notes.toString());
    assertTrue(
        skipped
            .get(0)
            .startsWith("bench: --ep auto skipped what is not available here (tensorrt: "),
        skipped.get(0));
    assertFalse(skipped.get(0).contains("requested"), skipped.get(0));

    // Asked for by name, it gets its row saying why.
    rows =
        FeatureBench.run(
            card,
            model,
            images,
            new FeatureBench.Settings(List.of("tensorrt"), List.of(2), 1, 0, 1, 2),
            dir.resolve("cache"),
            ProgressListener.NONE);
    assertEquals(1, rows.size(), rows.toString());
    assertTrue(rows.get(0).note().contains("tensorrt was requested"), rows.get(0).note());
  }

  /**
   * One readable image among many unreadable ones was reported as "none of the 23 given is
   * readable": a few short passes from the first file never reached it often enough.
   */
  @Test
  void fewReadableImagesAmongUnreadableOnesAreFoundAndNoneReadableSaysWhatToDo() throws Exception {
    Path model = TinyModels.write(dir);
    ModelCard card = TinyModels.card(model);
    Path good;
    try (Stream<Path> files = Files.walk(TinyData.images(dir.resolve("data"), 2, 1))) {
      good = files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
    }
    List<Path> bad = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      bad.add(Files.writeString(dir.resolve("bad" + i + ".png"), "not an image"));
    }
    List<Path> sample = new ArrayList<>(bad);
    sample.add(10, good);
    int floats = card.preprocessing().floatsPerImage();
    try (ImagePipeline pipeline =
        new ImagePipeline(card.preprocessing(), Augmentation.none(), 1, 0L)) {
      java.nio.FloatBuffer got = FeatureBench.predecode(pipeline, sample, 8, card);
      for (int i = 1; i < 8; i++) {
        for (int j = 0; j < floats; j++) {
          assertEquals(got.get(j), got.get(i * floats + j), "row " + i + " repeats the one image");
        }
      }
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> FeatureBench.predecode(pipeline, bad, 8, card));
      assertTrue(e.getMessage().contains("samplesize inspect --data"), e.getMessage());
    }
    // Unreadable files first in the sample made the decode-included row 0 img/s: they are left
    // out, with a note.
    List<String> notes = new ArrayList<>();
    List<BenchRow> rows =
        FeatureBench.run(
            card,
            model,
            sample,
            new FeatureBench.Settings(List.of("cpu"), List.of(2), 1, 0, 1, 2),
            dir.resolve("cache"),
            ProgressListener.notesTo(notes::add));
    BenchRow included =
        rows.stream().filter(r -> "included".equals(r.decode())).findFirst().orElseThrow();
    assertTrue(included.median() > 0, included.toString());
    assertTrue(
        notes.stream().anyMatch(n -> n.startsWith("bench: 20 of the 21 sampled files")),
        notes.toString());
  }
}
