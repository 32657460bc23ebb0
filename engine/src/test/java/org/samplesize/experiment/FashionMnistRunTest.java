package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.cli.Cli;
import org.samplesize.data.FashionMnist;
import org.samplesize.data.TestIdx;

/**
 * {@code run --data fashion_mnist} end to end through the real stages, on a tiny Fashion-MNIST-like
 * mirror (20 training and 5 test images per class) whose checksums the stages are given.
 */
class FashionMnistRunTest {
  @TempDir static Path dir;
  static Path mirror;
  static Path model;
  static FashionMnist.Source source;

  @BeforeAll
  static void fixtures() throws Exception {
    mirror = dir.resolve("mirror");
    source = TestIdx.mirror(mirror, TestIdx.fashionLike(20, 5, 11), 6);
    model = TinyData.model(dir);
  }

  static RunSettings settings(Path mirrorDir, String out, Map<String, Object> extra) {
    Map<String, Object> flags = new HashMap<>();
    flags.put("data", "fashion_mnist");
    flags.put("mirror", mirrorDir.toString());
    flags.put("model", model.toString());
    flags.put("out", dir.resolve(out).toString());
    flags.put("cache", dir.resolve("cache").toString());
    flags.put("threads", 2);
    flags.put("learning-rate", 0.05);
    flags.put("epochs", 30);
    flags.putAll(extra);
    return SettingsIO.resolve(null, flags);
  }

  @Test
  void aTinyRunUsesTheOfficialSplitAndAugmentsTheIdxImages() throws Exception {
    RunSettings s = settings(mirror, "out", Map.of("validate", true));
    assertTrue(s.augment(), "the default augments the training views");
    Experiment.Outcome o;
    try (PipelineStages stages = new PipelineStages(source)) {
      o = Experiment.run(s, stages, ProgressListener.NONE);
    }
    assertEquals(21, o.trainedNow());
    assertTrue(o.answer().contains("accuracy"), o.answer());
    Path out = dir.resolve("out");
    JsonNode p = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
    JsonNode data = p.get("data");
    assertEquals("fashion_mnist", data.get("name").asText());
    assertEquals(source.contentSha256(), data.get("sha256").asText());
    assertEquals(200, data.get("train_size").asInt(), "the training file, whole");
    assertEquals(50, data.get("test_size").asInt(), "the test file, whole");
    assertEquals("T-shirt/top", data.get("classes").get(0).asText());
    assertEquals(0, data.get("skipped").size(), data.toString());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(21, csv.size(), "header + 20 models");
    assertTrue(csv.get(1).contains(",50,"), "every model is tested on the 50 test images");
    JsonNode settingsUsed = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
    assertTrue(settingsUsed.toString().contains("fashion_mnist"));
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("T-shirt/top"), "class names in the report");

    // The same files elsewhere (another mirror): the same features, found by content.
    Path copy = dir.resolve("copy");
    Files.createDirectories(copy.resolve("fashion-mnist"));
    try (var files = Files.list(mirror.resolve("fashion-mnist"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve("fashion-mnist").resolve(f.getFileName()));
      }
    }
    List<String> notes = new CopyOnWriteArrayList<>();
    try (PipelineStages stages = new PipelineStages(source)) {
      Experiment.run(
          settings(copy, "out-copy", Map.of("validate", true)),
          stages,
          ProgressListener.notesTo(notes::add));
    }
    assertTrue(
        notes.stream().anyMatch(n -> n.startsWith("features: reusing cache")), notes.toString());
  }

  @Test
  void aSplitOfItsOwnIsRefused() {
    RunSettings s = settings(mirror, "out-split", Map.of("train-fraction", 0.8));
    try (PipelineStages stages = new PipelineStages(source)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
      assertTrue(e.getMessage().contains("has an official split"), e.getMessage());
    }
  }

  @Test
  void theDataIsCheckedAgainstThePublishedChecksums() {
    // The normal stages expect the published Fashion-MNIST: the tiny mirror is refused by content.
    RunSettings s = settings(mirror, "out-published", Map.of());
    try (PipelineStages stages = new PipelineStages()) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
      assertTrue(e.getMessage().contains("is not Fashion-MNIST's"), e.getMessage());
    }
  }

  @Test
  void theCommandLineNamesAMirrorWithoutTheFiles() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-mirror"));
    Cli.Result r =
        TinyRun.run(
            "--data",
            "fashion_mnist",
            "--mirror",
            empty.toString(),
            "--out",
            dir.resolve("out-cli").toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--quiet");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("holds no fashion-mnist/train-images-idx3-ubyte.gz"), r.err());
  }

  @Test
  void theNameIsCanonical() {
    assertEquals("fashion_mnist", ResumeIdentity.canonicalData(" Fashion_MNIST "));
  }
}
