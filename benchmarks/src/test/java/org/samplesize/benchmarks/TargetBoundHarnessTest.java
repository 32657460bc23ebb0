package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TargetBoundHarness} on a few simulated curves: its rows, their order and its counts. */
class TargetBoundHarnessTest {

  private static List<String> run(Path dir, String threads) throws Exception {
    Path csv = dir.resolve("curves-" + threads + ".csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        TargetBoundHarness.FLAGS.run(
            new String[] {
              "--curves",
              "200",
              "--truths",
              "pow4",
              "--sigma",
              "0.01",
              "--cutoffs",
              "2.71,3.46",
              "--threads",
              threads,
              "--out",
              dir.resolve("t.json").toString(),
              "--curves-out",
              csv.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            TargetBoundHarness::run);
    assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    return Files.readAllLines(csv);
  }

  @Test
  void theSameSeedGivesTheSameRowsWhateverTheThreads(@TempDir Path dir) throws Exception {
    List<String> one = run(dir, "1");
    List<String> two = run(dir, "2");
    assertEquals(one, two);
    // a header, then 200 curves for each of the two targets (2x and 4x)
    assertEquals(1 + 2 * 200, one.size());
    int given = 0;
    for (String line : one.subList(1, one.size())) {
      String[] f = line.split(",");
      double atLargest = Double.parseDouble(f[5]);
      double atTruth = Double.parseDouble(f[6]);
      double end = Double.parseDouble(f[7]);
      double trueSize = Double.parseDouble(f[3]);
      // the statistic grows with the size: a bound below the truth is one the means give
      assertTrue(atTruth <= atLargest + 1e-6, line);
      if (atLargest >= 3.46) {
        given++;
        // the end at 3.46 lies below the true size exactly when the statistic there passes it
        assertEquals(atTruth >= 3.46, end < trueSize, line);
      } else {
        assertTrue(Double.isNaN(end) || end == Double.POSITIVE_INFINITY, line);
      }
    }
    assertTrue(given > 0, "no curve gave a bound: the check above saw nothing");
  }
}
