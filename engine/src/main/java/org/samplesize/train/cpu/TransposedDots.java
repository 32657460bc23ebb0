package org.samplesize.train.cpu;

import java.util.Arrays;

/**
 * The logits of many rows at once from their features transposed ({@code feature × row}), with
 * loops over the rows that C2 vectorises. Apart from {@link HeadScorer}, which uses it, because it
 * is a kernel with one contract of its own: the same floats as {@link HeadMath#dotLoops} row by
 * row, which its test checks bit for bit.
 */
final class TransposedDots {
  private TransposedDots() {}

  /**
   * {@code out[c][i] = dotLoops(row i, class c's weights)} for the {@code n} rows of {@code t}
   * (feature × row) and {@code k} weight rows of {@code len} in {@code w}: element {@code j} goes
   * to sum {@code j mod 8} (the tail past the last multiple of 8 to sum 0), added in the order of
   * {@code j}, the sums combined as {@link HeadMath#dotLoops} does. Each feature's row of {@code t}
   * serves all classes while it is in the cache.
   *
   * @param sums per class eight scratch arrays of at least {@code n}
   * @param out per class at least {@code n} results
   */
  static void dotsTransposed(
      float[][] t, int n, float[] w, int len, int k, float[][][] sums, float[][] out) {
    for (float[][] perClass : sums) {
      for (float[] sum : perClass) {
        Arrays.fill(sum, 0, n, 0f);
      }
    }
    int main = len & ~7;
    // Blocks of 32 features: each sum takes four of them (j, j + 8, j + 16, j + 24) per pass over
    // the rows, in that order, so that it is loaded and stored once for four products.
    int blocked = len & ~31;
    for (int jb = 0; jb < blocked; jb += 32) {
      for (int lane = 0; lane < 8; lane++) {
        int j = jb + lane;
        float[] x0 = t[j];
        float[] x1 = t[j + 8];
        float[] x2 = t[j + 16];
        float[] x3 = t[j + 24];
        for (int c = 0; c < k; c++) {
          int o = c * len + j;
          addScaled4Features(
              sums[c][lane], x0, x1, x2, x3, w[o], w[o + 8], w[o + 16], w[o + 24], n);
        }
      }
    }
    for (int j = blocked; j < len; j++) {
      int lane = j < main ? j & 7 : 0;
      float[] xs = t[j];
      int c = 0;
      for (; c + 3 < k; c += 4) {
        addScaled4(
            sums[c][lane],
            sums[c + 1][lane],
            sums[c + 2][lane],
            sums[c + 3][lane],
            xs,
            w[c * len + j],
            w[(c + 1) * len + j],
            w[(c + 2) * len + j],
            w[(c + 3) * len + j],
            n);
      }
      for (; c < k; c++) {
        addScaled(sums[c][lane], xs, w[c * len + j], n);
      }
    }
    for (int c = 0; c < k; c++) {
      float[][] sc = sums[c];
      float[] s0 = sc[0];
      float[] s1 = sc[1];
      float[] s2 = sc[2];
      float[] s3 = sc[3];
      float[] s4 = sc[4];
      float[] s5 = sc[5];
      float[] s6 = sc[6];
      float[] s7 = sc[7];
      float[] o = out[c];
      for (int i = 0; i < n; i++) {
        o[i] = ((s0[i] + s1[i]) + (s2[i] + s3[i])) + ((s4[i] + s5[i]) + (s6[i] + s7[i]));
      }
    }
  }

  /** {@code sum[i] += xs[i] * w} for {@code i < n}: arrays indexed alike, so C2 vectorises it. */
  private static void addScaled(float[] sum, float[] xs, float w, int n) {
    for (int i = 0; i < n; i++) {
      sum[i] += xs[i] * w;
    }
  }

  /** {@code sum[i] += x0[i] * w0}, then {@code x1[i] * w1}, ... for {@code i < n}, in one pass. */
  private static void addScaled4Features(
      float[] sum,
      float[] x0,
      float[] x1,
      float[] x2,
      float[] x3,
      float w0,
      float w1,
      float w2,
      float w3,
      int n) {
    for (int i = 0; i < n; i++) {
      float v = sum[i];
      v += x0[i] * w0;
      v += x1[i] * w1;
      v += x2[i] * w2;
      v += x3[i] * w3;
      sum[i] = v;
    }
  }

  /** {@link #addScaled} for four classes in one pass over {@code xs}. */
  private static void addScaled4(
      float[] s0,
      float[] s1,
      float[] s2,
      float[] s3,
      float[] xs,
      float w0,
      float w1,
      float w2,
      float w3,
      int n) {
    for (int i = 0; i < n; i++) {
      float x = xs[i];
      s0[i] += x * w0;
      s1[i] += x * w1;
      s2[i] += x * w2;
      s3[i] += x * w3;
    }
  }
}
