package org.samplesize.train.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.train.DropoutRng;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadStack;

class CpuHeadStackTest {

  /** Mean cross-entropy in double precision, independent of the float kernel. */
  private static double loss(float[] x, int[] y, int nb, int d, int k, double[] w, double[] b) {
    double sum = 0;
    for (int i = 0; i < nb; i++) {
      double[] z = new double[k];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        z[c] = b[c];
        for (int e = 0; e < d; e++) {
          z[c] += x[i * d + e] * w[c * d + e];
        }
        max = Math.max(max, z[c]);
      }
      double norm = 0;
      for (int c = 0; c < k; c++) {
        norm += Math.exp(z[c] - max);
      }
      sum -= z[y[i]] - max - Math.log(norm);
    }
    return sum / nb;
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    int nb = 7;
    int d = 13; // odd and not a multiple of the dot product's unrolling
    int k = 4;
    SplittableRandom r = new SplittableRandom(17);
    float[] x = new float[nb * d];
    int[] y = new int[nb];
    float[] w = new float[k * d];
    float[] b = new float[k];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < nb; i++) {
      y[i] = r.nextInt(k);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.3 * r.nextGaussian());
    }
    for (int c = 0; c < k; c++) {
      b[c] = (float) (0.1 * r.nextGaussian());
    }
    float[] g = new float[nb * k];
    float[] gw = new float[k * d];
    float[] gb = new float[k];
    HeadGradients.forwardBackward(x, y, nb, d, k, w, 0, b, 0, g, gw, gb);
    double[] wd = new double[w.length];
    double[] bd = new double[k];
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    for (int c = 0; c < k; c++) {
      bd[c] = b[c];
    }
    double h = 1e-5;
    for (int i = 0; i < w.length; i++) {
      double keep = wd[i];
      wd[i] = keep + h;
      double up = loss(x, y, nb, d, k, wd, bd);
      wd[i] = keep - h;
      double down = loss(x, y, nb, d, k, wd, bd);
      wd[i] = keep;
      assertEquals((up - down) / (2 * h), gw[i], 2e-5, "dL/dw[" + i + "]");
    }
    for (int c = 0; c < k; c++) {
      double keep = bd[c];
      bd[c] = keep + h;
      double up = loss(x, y, nb, d, k, wd, bd);
      bd[c] = keep - h;
      double down = loss(x, y, nb, d, k, wd, bd);
      bd[c] = keep;
      assertEquals((up - down) / (2 * h), gb[c], 2e-5, "dL/db[" + c + "]");
    }
  }

  @Test
  void openBlasGradientMatchesTheJavaLoops() {
    assumeTrue(Blas.unavailableReason() == null, "skipped: " + Blas.unavailableReason());
    int nb = 9;
    int d = 70;
    int k = 5;
    SplittableRandom r = new SplittableRandom(8);
    float[] x = new float[nb * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] w = new float[2 * k * d]; // two models; use the second one's offset
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.2 * r.nextGaussian());
    }
    float[] bias = {0.1f, -0.2f, 0.3f, 0f, 0.05f, 0.4f, -0.1f, 0.2f, 0f, 0.3f};
    int[] y = new int[nb];
    for (int i = 0; i < nb; i++) {
      y[i] = r.nextInt(k);
    }
    float[] g = new float[nb * k];
    float[] gw = new float[k * d];
    float[] gb = new float[k];
    HeadGradients.forwardBackward(x, y, nb, d, k, w, k * d, bias, k, g, gw, gb);
    try (HeadScratch s = new HeadScratch(16, d, k, true)) {
      System.arraycopy(x, 0, s.xd, 0, nb * d);
      s.xdBuffer.put(0, s.xd, 0, nb * d);
      HeadGradients.blasForwardBackward(s, y, nb, d, k, w, k * d, bias, k);
      for (int i = 0; i < gw.length; i++) {
        assertEquals(gw[i], s.gw[i], 1e-6f, "gw[" + i + "]");
      }
      for (int c = 0; c < k; c++) {
        assertEquals(gb[c], s.gb[c], 1e-6f, "gb[" + c + "]");
      }
    }
  }

  @Test
  void dropoutRowFollowsTheSharedGenerator() {
    int d = 1281;
    float[] src = new float[d];
    for (int e = 0; e < d; e++) {
      src[e] = 1 + e;
    }
    float[] dst = new float[d];
    long key = 0xC0FFEEL;
    int thr = DropoutRng.dropThreshold(0.3);
    float scale = (float) (1 / 0.7);
    long t = 37;
    int b = 5;
    HeadDropout.dropoutRow(
        src, 0, dst, 0, d, key, (t * 64 + b) * DropoutRng.drawsPerRow(d), thr, scale);
    int dropped = 0;
    for (int e = 0; e < d; e++) {
      boolean keep = DropoutRng.keep(key, t, 64, b, e, d, thr);
      assertEquals(keep ? src[e] * scale : 0f, dst[e], 0f, "element " + e);
      dropped += keep ? 0 : 1;
    }
    assertTrue(dropped > 300 && dropped < 470, "dropped " + dropped);
  }

  @Test
  void closedStackAndBackendRefuseWork() {
    FeatureMatrix f = FeatureMatrix.of(new float[20], 5, 4);
    CpuBackend backend = new CpuBackend(1);
    HeadStack s = backend.openStack(f, new int[5], 2, 1, HeadOptions.recipe());
    assertThrows(IllegalStateException.class, () -> s.restoreBest(0));
    s.close();
    s.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.saveBest(0));
    assertTrue(e.getMessage().contains("CpuHeadStack"));
    backend.close();
    backend.close();
    assertThrows(
        IllegalStateException.class,
        () -> backend.openStack(f, new int[5], 2, 1, HeadOptions.recipe()));
  }

  @Test
  void transposedDotsGiveTheSameFloatsAsTheRowByRowDots() {
    SplittableRandom r = new SplittableRandom(31);
    for (int len : new int[] {1, 7, 8, 9, 24, 1280, 1283}) {
      for (int n : new int[] {1, 5, 33, 130}) {
        float[] x = new float[n * len];
        for (int i = 0; i < x.length; i++) {
          x[i] =
              r.nextInt(4) == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        int k = 1 + r.nextInt(6);
        float[] w = new float[k * len];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) r.nextGaussian();
        }
        float[][] t = new float[len][n];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < len; j++) {
            t[j][i] = x[i * len + j];
          }
        }
        float[][] out = new float[k][n];
        TransposedDots.dotsTransposed(t, n, w, len, k, new float[k][8][n + 2], out);
        for (int c = 0; c < k; c++) {
          for (int i = 0; i < n; i++) {
            assertEquals(
                Float.floatToRawIntBits(HeadMath.dotLoops(x, i * len, w, c * len, len)),
                Float.floatToRawIntBits(out[c][i]),
                "len " + len + " n " + n + " class " + c + " of " + k + " row " + i);
          }
        }
      }
    }
  }

  /** Scoring keeps the transposed rows of a model; rows changed in the same array are new rows. */
  @Test
  void scoringTheSameRowArrayAfterItChangedScoresTheNewRows() {
    SplittableRandom r = new SplittableRandom(32);
    int rows = 40;
    int cols = 12;
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    FeatureMatrix f = FeatureMatrix.of(x, rows, cols);
    try (CpuBackend backend = new CpuBackend(2);
        HeadStack s = backend.openStack(f, new int[rows], 3, 2, HeadOptions.recipe())) {
      for (int m = 0; m < 2; m++) {
        float[] w = new float[3 * cols];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) r.nextGaussian();
        }
        s.setParameters(m, w, new float[] {0.1f, -0.2f, 0.3f});
      }
      int[] a = {1, 5, 7, 9, 30};
      int[] b = {2, 3, 4, 39, 0};
      int[] reused = a.clone();
      float[][] first = {new float[15], new float[15]};
      s.predict(new int[][] {reused, b}, first);
      System.arraycopy(b, 0, reused, 0, b.length);
      float[][] again = {new float[15], new float[15]};
      s.predict(new int[][] {reused, b}, again);
      float[][] fresh = {new float[15], new float[15]};
      s.predict(new int[][] {b.clone(), b}, fresh);
      assertFalse(java.util.Arrays.equals(first[0], fresh[0]), "the rows differ");
      assertArrayEquals(fresh[0], again[0]);
      assertArrayEquals(fresh[1], again[1]);
      // one row set for both models: the shared pass gives the same probabilities
      float[][] shared = {new float[15], new float[15]};
      s.predict(new int[][] {b, b}, shared);
      assertArrayEquals(fresh[1], shared[1]);
      assertArrayEquals(fresh[1], again[1]);
    }
  }

  /**
   * One task per model that trains and then counts gives the weights and counts of an epoch then a
   * separate scoring pass, on the pair kernel (features not copied as floats) and the float loops.
   */
  @Test
  void trainingAndCountingInOneCallGivesTheSameWeightsAndCounts() {
    SplittableRandom r = new SplittableRandom(33);
    for (int cols : new int[] {16, 15}) { // an odd row length: no pair kernel
      int rows = 150;
      int classes = 3;
      float[] x = new float[rows * cols];
      int[] y = new int[rows];
      for (int i = 0; i < rows; i++) {
        y[i] = r.nextInt(classes);
        for (int j = 0; j < cols; j++) {
          x[i * cols + j] = (float) (r.nextGaussian() + (j % classes == y[i] ? 1 : 0));
        }
      }
      FeatureMatrix f = FeatureMatrix.of(x, rows, cols);
      int models = 3;
      HeadOptions options = HeadOptions.recipe().withBatchSize(16).withThreads(2);
      int[][] orders = {rows(r, 90, rows), rows(r, 40, rows), null};
      int[][] val = {rows(r, 30, rows), null, rows(r, 20, rows)};
      long[] keys = {5, 6, 7};
      try (CpuBackend backend = new CpuBackend(2);
          HeadStack one = backend.openStack(f, y, classes, models, options);
          HeadStack two = backend.openStack(f, y, classes, models, options)) {
        for (int m = 0; m < models; m++) {
          float[] w = new float[classes * cols];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * r.nextGaussian());
          }
          one.setParameters(m, w, new float[classes]);
          two.setParameters(m, w, new float[classes]);
        }
        for (int epoch = 0; epoch < 3; epoch++) {
          long[][] fused = one.trainEpochAndCount(orders, keys, val, y, classes, 50);
          two.trainEpoch(orders, keys);
          long[][] apart = two.kerasAucCounts(val, y, classes, 50);
          for (int m = 0; m < models; m++) {
            assertArrayEquals(apart[m], fused[m], "cols " + cols + " model " + m);
            float[] w1 = new float[classes * cols];
            float[] w2 = new float[classes * cols];
            float[] b1 = new float[classes];
            float[] b2 = new float[classes];
            one.getParameters(m, w1, b1);
            two.getParameters(m, w2, b2);
            assertArrayEquals(w2, w1);
            assertArrayEquals(b2, b1);
          }
        }
        assertThrows(
            IllegalArgumentException.class,
            () -> one.trainEpochAndCount(orders, keys, val, y, classes + 1, 50));
      }
    }
  }

  /**
   * With the pair kernel the stack keeps no float copy of the features and scores rows read from
   * the feature matrix: the same probabilities as a stack without dropout, which keeps the copy.
   */
  @Test
  void scoringWithoutAFloatCopyOfTheFeaturesGivesTheSameProbabilities() {
    SplittableRandom r = new SplittableRandom(34);
    int rows = 60;
    int cols = 20;
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    FeatureMatrix f = FeatureMatrix.of(x, rows, cols);
    try (CpuBackend backend = new CpuBackend(2);
        HeadStack pairs = backend.openStack(f, new int[rows], 4, 2, HeadOptions.recipe());
        HeadStack floats =
            backend.openStack(f, new int[rows], 4, 2, HeadOptions.recipe().withDropout(0))) {
      for (int m = 0; m < 2; m++) {
        float[] w = new float[4 * cols];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) r.nextGaussian();
        }
        float[] b = {0.1f, -0.2f, 0.3f, 0f};
        pairs.setParameters(m, w, b);
        floats.setParameters(m, w, b);
      }
      int[] a = rows(r, 25, rows);
      int[] c = rows(r, 17, rows);
      for (int[][] sets : new int[][][] {{a, c}, {a, a}, {null, c}}) {
        float[][] p1 = new float[2][];
        float[][] p2 = new float[2][];
        for (int m = 0; m < 2; m++) {
          if (sets[m] != null) {
            p1[m] = new float[sets[m].length * 4];
            p2[m] = new float[sets[m].length * 4];
          }
        }
        pairs.predict(sets, p1);
        floats.predict(sets, p2);
        for (int m = 0; m < 2; m++) {
          if (sets[m] != null) {
            assertArrayEquals(p2[m], p1[m]);
          }
        }
      }
    }
  }

  /**
   * A stack overwrites the scaled feature pairs the previous stack of its backend left: fewer rows,
   * more rows or other features train as on a fresh backend.
   */
  @Test
  void aStackReusingThePairsOfAClosedOneTrainsAsOnAFreshBackend() {
    SplittableRandom r = new SplittableRandom(35);
    HeadOptions options = HeadOptions.recipe().withBatchSize(8).withThreads(2);
    try (CpuBackend shared = new CpuBackend(2)) {
      for (int rows : new int[] {40, 25, 60, 60}) {
        int cols = 10;
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
          y[i] = r.nextInt(2);
        }
        FeatureMatrix f = FeatureMatrix.of(x, rows, cols);
        float[] w0 = new float[2 * cols];
        for (int i = 0; i < w0.length; i++) {
          w0[i] = (float) (0.1 * r.nextGaussian());
        }
        int[][] orders = {rows(r, rows, rows)};
        float[][] got = new float[2][];
        try (CpuBackend fresh = new CpuBackend(2)) {
          for (CpuBackend backend : new CpuBackend[] {shared, fresh}) {
            try (HeadStack s = backend.openStack(f, y, 2, 1, options)) {
              s.setParameters(0, w0, new float[2]);
              s.trainEpoch(orders, new long[] {rows});
              float[] w = new float[2 * cols];
              s.getParameters(0, w, new float[2]);
              got[backend == shared ? 0 : 1] = w;
            }
          }
        }
        assertArrayEquals(got[1], got[0], rows + " rows");
        assertFalse(java.util.Arrays.equals(w0, got[0]), "it trained");
      }
    }
  }

  private static int[] rows(SplittableRandom r, int n, int rows) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(rows);
    }
    return out;
  }
}
