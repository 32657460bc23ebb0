package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;

/**
 * Same seed, same numbers: {@code results.csv} of small runs through the real stages, compared with
 * the numbers recorded before the experiment core was reshaped into immutable stages. Every column
 * but the two that depend on the machine ({@code train_ms}, {@code backend}) must agree exactly,
 * except {@code loss} and the AUCs, which follow the CPU's OpenBLAS kernels and agree to a
 * tolerance ({@link TinyData#assertSameResults}). Accuracies, recalls, epochs, seeds and subsamples
 * agreed exactly on an AVX2 and an AVX-512 CPU. The fine-tune table was recorded again (on the AVX2
 * CPU) when fine-tuning's products were cut into fixed blocks so that its numbers no longer depend
 * on the thread count: loss moved in the fourth digit, one AUC by a pair's weight, nothing else. On
 * a mismatch the actual table is written to {@code target/} beside the expected one.
 */
class PinnedResultsTest {
  @TempDir Path dir;

  @Test
  void aHeadCurveOnTinyDataGivesTheRecordedNumbers() throws Exception {
    Path data = TinyData.images(dir.resolve("data"), 40, 7);
    Path model = TinyData.model(dir);
    Path out = dir.resolve("out");
    Cli.Result r = TinyRun.of(data, model, out, dir.resolve("cache")).pinnedHead().run();
    assertEquals(0, r.code(), r.err());
    assertPinned("pinned-head.csv", out.resolve("results.csv"));
  }

  @Test
  void aFineTuneCurveOnTheRealModelGivesTheRecordedNumbers() throws Exception {
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    Path data = TinyData.images(dir.resolve("data"), 8, 3);
    Path out = dir.resolve("out");
    Cli.Result r = TinyRun.of(data, int8, out, dir.resolve("cache")).pinnedFineTune().run();
    assertEquals(0, r.code(), r.err());
    assertPinned("pinned-fine-tune.csv", out.resolve("results.csv"));
  }

  /** Compares every column but {@code train_ms} and {@code backend}. */
  private static void assertPinned(String resource, Path csv) throws IOException {
    List<String> actual = TinyData.resultNumbers(csv);
    Path dump = Path.of("target", "pinned-actual-" + resource);
    Files.createDirectories(dump.getParent());
    Files.write(dump, actual);
    List<String> expected;
    try (InputStream in = PinnedResultsTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + resource + "; actual in " + dump);
      }
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    TinyData.assertSameResults(expected, actual, "actual in " + dump);
  }
}
