package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TargetBoundHarness} on a few simulated curves: its rows, their order and its counts. */
class TargetBoundHarnessTest {

  /** Runs the harness; returns the CSV's lines, the JSON beside it as {@code dir/NAME.json}. */
  private static List<String> run(Path dir, String name, String... flags) throws Exception {
    Path csv = dir.resolve(name + ".csv");
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(
        List.of(
            "--truths",
            "pow4",
            "--sigma",
            "0.01",
            "--cutoffs",
            "2.71,3.46",
            "--out",
            dir.resolve(name + ".json").toString(),
            "--curves-out",
            csv.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        TargetBoundHarness.FLAGS.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            TargetBoundHarness::run);
    assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    return Files.readAllLines(csv);
  }

  @Test
  void theSameSeedGivesTheSameRowsWhateverTheThreadsAndItsCountsAreTheRows(@TempDir Path dir)
      throws Exception {
    List<String> one = run(dir, "one", "--curves", "200", "--threads", "1");
    List<String> two = run(dir, "two", "--curves", "200", "--threads", "2");
    assertEquals(one, two);
    // a header, then 200 curves for each of the two targets (2x and 4x)
    assertEquals(1 + 2 * 200, one.size());
    int[][] given = new int[2][2];
    int[][] below = new int[2][2];
    double[] cutoffs = {2.71, 3.46};
    for (String line : one.subList(1, one.size())) {
      String[] f = line.split(",");
      int k = f[2].equals("2") ? 0 : 1;
      double trueSize = Double.parseDouble(f[3]);
      double gap = Double.parseDouble(f[5]);
      double atLargest = Double.parseDouble(f[6]);
      double atTruth = Double.parseDouble(f[7]);
      double end = Double.parseDouble(f[8]);
      // the statistic grows with the size, up to the optimiser's error
      assertTrue(atTruth <= atLargest + 1e-3, line);
      for (int c = 0; c < 2; c++) {
        if (gap >= cutoffs[c] && atLargest >= cutoffs[c]) {
          given[k][c]++;
          below[k][c] += atTruth >= cutoffs[c] ? 1 : 0;
        }
      }
      if (gap >= 3.46 && atLargest >= 3.46) {
        // the end at 3.46 lies below the true size exactly when the statistic there reaches it
        assertEquals(atTruth >= 3.46, end < trueSize, line);
      } else {
        assertTrue(Double.isNaN(end) || end == Double.POSITIVE_INFINITY, line);
      }
    }
    assertTrue(given[0][1] > 0, "no curve gave a bound at 3.46: the checks above saw nothing");
    JsonNode rows = new ObjectMapper().readTree(dir.resolve("one.json").toFile()).get("results");
    assertEquals(2, rows.size());
    for (int k = 0; k < 2; k++) {
      for (int c = 0; c < 2; c++) {
        JsonNode at = rows.get(k).get("cutoffs").get(c);
        assertEquals(cutoffs[c], at.get("cutoff").asDouble());
        assertEquals(given[k][c], at.get("given").asInt(), "given, row " + k);
        assertEquals(below[k][c], at.get("below_truth").asInt(), "below, row " + k);
      }
    }
  }

  @Test
  void withTheBootstrapItCountsWhereTheDefaultIntervalIsUnbounded(@TempDir Path dir)
      throws Exception {
    List<String> lines = run(dir, "b", "--curves", "30", "--bootstrap", "50", "--threads", "2");
    int unbounded = 0;
    for (String line : lines.subList(1, lines.size())) {
      unbounded += line.endsWith(",false") ? 1 : 0;
    }
    // targets at 2x and 4x the largest size lie near where the guard levels off: most of the
    // default's upper ends are unbounded there, and the column must say so
    assertTrue(unbounded > 0 && unbounded < lines.size() - 1, unbounded + " unbounded");
    JsonNode at = new ObjectMapper().readTree(dir.resolve("b.json").toFile());
    JsonNode first = at.get("results").get(0).get("cutoffs").get(0);
    assertTrue(first.has("given_where_default_unbounded"), first.toString());
    assertTrue(
        first.get("given_where_default_unbounded").asInt() <= first.get("given").asInt(),
        first.toString());
  }
}
