package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerIntervalTest {
  private static final double[] POW3 = {0.95, 0.1, 0.5}; // c − a·x^(−alpha), x = n / 1000

  /** 100 replicates of the same pow3 curve, half shifted up by 0.05 per step, half down. */
  private static AnswerInterval halves() {
    int b = 100;
    CurveFamily[] fam = new CurveFamily[b];
    double[][] p = new double[b][];
    double[] shift = new double[b];
    for (int r = 0; r < b; r++) {
      fam[r] = CurveFamily.POW3;
      p[r] = POW3;
      shift[r] = r % 2 == 0 ? 0.05 : -0.05;
    }
    return new AnswerInterval(fam, p, shift, 1000, Math.log(2), 0.9);
  }

  @Test
  void noMarginUpToTheLargestSize() {
    AnswerInterval a = halves();
    for (double n : new double[] {100, 500, 1000}) {
      double want = CurveFamily.POW3.value(n / 1000, POW3);
      double[] iv = a.interval(n);
      assertEquals(want, iv[0], 1e-12, "lo at " + n);
      assertEquals(want, iv[1], 1e-12, "hi at " + n);
    }
  }

  @Test
  void theMarginGrowsPerDoublingNeverDropsBelowTheLargestSizeAndStopsAfterThreeSteps() {
    AnswerInterval a = halves();
    double atMax = CurveFamily.POW3.value(1, POW3);
    double[] two = a.interval(2000);
    assertEquals(CurveFamily.POW3.value(2, POW3) + 0.05, two[1], 1e-9);
    assertTrue(CurveFamily.POW3.value(2, POW3) - 0.05 < atMax, "the floor binds here");
    assertEquals(atMax, two[0], 1e-9, "the lower end is floored at the value at n_max");
    double[] eight = a.interval(8000);
    assertEquals(Math.min(1, CurveFamily.POW3.value(8, POW3) + 0.15), eight[1], 1e-9);
    double[] far = a.interval(1e6);
    assertEquals(
        Math.min(1, CurveFamily.POW3.value(1000, POW3) + 0.15), far[1], 1e-9, "3 steps at most");
    assertEquals(atMax, far[0], 1e-9, "0.947 - 3 x 0.05 is below the value at n_max");
    assertTrue(far[1] <= 1);
  }

  @Test
  void theBaselineMeetsATargetAlreadyMetAtTheLargestSizeNotAtSizeOne() {
    int b = 20;
    CurveFamily[] fam = new CurveFamily[b];
    double[][] p = new double[b][];
    for (int r = 0; r < b; r++) {
      fam[r] = CurveFamily.LAST1;
      p[r] = new double[] {0.9};
    }
    AnswerInterval a = new AnswerInterval(fam, p, new double[b], 800, Math.log(2), 0.9);
    double[] iv = a.sizeInterval(0.85);
    assertEquals(800, iv[0]);
    assertEquals(800, iv[1]);
    assertTrue(Double.isInfinite(a.sizeInterval(0.95)[1]), "a flat baseline never reaches 0.95");
  }
}
