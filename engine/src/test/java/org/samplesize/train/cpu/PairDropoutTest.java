package org.samplesize.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.train.DropoutRng;

class PairDropoutTest {

  /** Features with the awkward values: negative, ±0, denormal, huge (scaled to infinity). */
  private static float[] features(int rows, int cols, SplittableRandom r) {
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    x[0] = -0f;
    x[1] = 0f;
    x[2] = Float.MIN_VALUE;
    x[3] = -Float.MAX_VALUE;
    x[4] = Float.MAX_VALUE;
    return x;
  }

  @Test
  void pairsGiveTheSameFloatsAsTheLoops() {
    SplittableRandom r = new SplittableRandom(21);
    for (int cols : new int[] {2, 6, 24, 1280, 1282}) {
      int rows = 7;
      float[] x = features(rows, cols, r);
      for (double rate : new double[] {0.3, 0.5, 1e-6, 0.99}) {
        int thr = DropoutRng.dropThreshold(rate);
        float scale = (float) (1.0 / (1.0 - rate));
        PairDropout pairs = PairDropout.of(x, rows, cols, thr, scale, Long.MAX_VALUE);
        assertNotNull(pairs, "cols " + cols);
        long[] dst = new long[cols / 2];
        long[] draws = new long[cols / 2];
        float[] loops = new float[cols];
        for (long key : new long[] {0L, -1L, r.nextLong()}) {
          for (int row = 0; row < rows; row++) {
            long counter = (r.nextLong() >>> 8) * DropoutRng.drawsPerRow(cols);
            pairs.row(row, dst, key, counter, draws);
            HeadDropout.dropoutRow(x, row * cols, loops, 0, cols, key, counter, thr, scale);
            for (int e = 0; e < cols; e++) {
              int bits = (int) (dst[e / 2] >>> (32 * (e % 2)));
              assertEquals(
                  Float.floatToRawIntBits(loops[e]),
                  bits,
                  "cols " + cols + " rate " + rate + " row " + row + " element " + e);
            }
          }
        }
      }
    }
  }

  @Test
  void declinesWhereItWouldNotGiveTheSameFloatsOrNotFit() {
    SplittableRandom r = new SplittableRandom(22);
    int thr = DropoutRng.dropThreshold(0.3);
    float scale = (float) (1 / 0.7);
    assertNull(PairDropout.of(features(3, 5, r), 3, 5, thr, scale, Long.MAX_VALUE), "odd cols");
    float[] x = features(3, 4, r);
    assertNotNull(PairDropout.of(x, 3, 4, thr, scale, 48));
    assertNull(PairDropout.of(x, 3, 4, thr, scale, 47), "copy larger than the heap allowed");
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] y = x.clone();
      y[9] = bad;
      // x·0 is NaN there, not the signed zero the pairs would give
      assertNull(PairDropout.of(y, 3, 4, thr, scale, Long.MAX_VALUE), "feature " + bad);
    }
  }

  @Test
  void allFiniteFindsEveryNonFiniteValue() {
    float[] v = new float[37];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 3 == 0 ? -0f : i * 9e36f; // up to 3.2e38, near Float.MAX_VALUE
    }
    assertTrue(PairDropout.allFinite(v));
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      for (int at : new int[] {0, 17, 36}) {
        float[] w = v.clone();
        w[at] = bad;
        assertFalse(PairDropout.allFinite(w), bad + " at " + at);
      }
    }
  }

  @Test
  void builtInPartsOnTheBackendsThreadsItIsTheSame() {
    SplittableRandom r = new SplittableRandom(23);
    int rows = 11;
    int cols = 40;
    float[] x = features(rows, cols, r);
    int thr = DropoutRng.dropThreshold(0.3);
    float scale = (float) (1 / 0.7);
    PairDropout one = PairDropout.of(x, rows, cols, thr, scale, Long.MAX_VALUE);
    try (CpuBackend backend = new CpuBackend(3)) {
      PairDropout parts =
          PairDropout.of(x, rows, cols, thr, scale, Long.MAX_VALUE, 4, backend::runAll);
      long[] a = new long[cols / 2];
      long[] b = new long[cols / 2];
      long[] draws = new long[cols / 2];
      for (int row = 0; row < rows; row++) {
        one.row(row, a, 7, row * 10L, draws);
        parts.row(row, b, 7, row * 10L, draws);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, "row " + row);
      }
      x[rows * cols - 1] = Float.NaN; // in the last part
      assertNull(PairDropout.of(x, rows, cols, thr, scale, Long.MAX_VALUE, 4, backend::runAll));
    }
  }
}
