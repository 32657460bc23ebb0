package org.samplesize.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;

class CorpusTest {
  static final String CURVES_HEADER =
      "source,dataset,group,learner,backbone,seed,curve_id,size,repeat,accuracy,test_size\n";
  static final String TRUTH_HEADER =
      "source,dataset,group,learner,backbone,seed,curve_id,factor,size,accuracy,accuracy_sd,"
          + "n_truth_repeats,test_size\n";

  @TempDir Path dir;

  private void write(String stem, String curves, String truth) throws IOException {
    Files.writeString(dir.resolve(stem + Corpus.CURVES), CURVES_HEADER + curves);
    if (truth != null) {
      Files.writeString(dir.resolve(stem + Corpus.TRUTH), TRUTH_HEADER + truth);
    }
  }

  private static String rows(String id, String dataset) {
    StringBuilder b = new StringBuilder();
    int[] sizes = {10, 20, 50, 100};
    double[] acc = {0.6, 0.7, 0.8, 0.85};
    for (int i = 0; i < sizes.length; i++) {
      for (int r = 0; r < 2; r++) {
        b.append(
            String.format(
                java.util.Locale.ROOT,
                "s,%s,real,lr,none,1,%s,%d,%d,%.3f,100%n",
                dataset,
                id,
                sizes[i],
                r,
                acc[i] + 0.01 * r));
      }
    }
    return b.toString();
  }

  @Test
  void readsCurvesWithTheirTruthInFactorOrder() throws IOException {
    write(
        "a",
        rows("c1", "d1"),
        "s,d1,real,lr,none,1,c1,4,400,0.9,0.01,5,100\ns,d1,real,lr,none,1,c1,2,200,0.88,,5,100\n");
    List<CorpusCurve> cs = Corpus.read(dir);
    assertEquals(1, cs.size());
    CorpusCurve c = cs.get(0);
    assertEquals("d1", c.dataset());
    assertArrayEquals(new double[] {10, 20, 50, 100}, c.data().sizes());
    assertArrayEquals(new double[] {0.6, 0.61}, c.data().values(0), 1e-12);
    assertEquals(2, c.truths().size());
    assertEquals(2.0, c.truths().get(0).factor());
    assertEquals(0.88, c.truth(2).accuracy());
    assertTrue(Double.isNaN(c.truth(2).sd()), "an empty accuracy_sd reads as unknown");
    assertEquals(5, c.truth(4).repeats());
  }

  @Test
  void aTruthRowWithoutItsCurveIsRefusedWithItsLine() throws IOException {
    write(
        "a",
        rows("c1", "d1"),
        "s,d1,real,lr,none,1,c1,2,200,0.9,,5,100\n"
            + "s,d1,real,lr,none,1,nope,2,200,0.9,,5,100\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
    assertTrue(e.getMessage().contains("a.truth.csv:3"), e.getMessage());
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void aTruthNotBeyondTheCurveIsRefused() throws IOException {
    write("a", rows("c1", "d1"), "s,d1,real,lr,none,1,c1,2,100,0.9,,5,100\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
    assertTrue(e.getMessage().contains("not beyond"), e.getMessage());
  }

  @Test
  void aCurveWithoutTruthOrPartnerFileIsRefused() throws IOException {
    write("a", rows("c1", "d1") + rows("c2", "d1"), "s,d1,real,lr,none,1,c1,2,200,0.9,,5,100\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
    assertTrue(e.getMessage().contains("c2 has no truth"), e.getMessage());

    Files.delete(dir.resolve("a" + Corpus.TRUTH));
    e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void oneCurveIdCannotChangeDataset() throws IOException {
    String bad = rows("c1", "d1") + "s,d2,real,lr,none,1,c1,200,0,0.9,100\n";
    write("a", bad, "s,d1,real,lr,none,1,c1,2,400,0.9,,5,100\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Corpus.read(dir));
    assertTrue(e.getMessage().contains("a.curves.csv:10"), e.getMessage());
    assertTrue(e.getMessage().contains("'dataset'"), e.getMessage());
  }
}
