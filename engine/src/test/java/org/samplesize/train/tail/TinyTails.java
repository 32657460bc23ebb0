package org.samplesize.train.tail;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random tails that exercise every op: expansion or not, stride 1 and 2, TF pads, residual.
 */
public final class TinyTails {
  private TinyTails() {}

  /**
   * @param seed weight seed
   * @return input 5×6×6; block_a (exp 5→12, dw s1, proj →5, residual); block_b (exp 5→10, dw s2
   *     TF-pads, proj →7); block_c (no expansion, dw 7 s1, proj →7, residual); last 7→9
   */
  public static TailSpec spec(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    InvertedResidualSpec a =
        new InvertedResidualSpec(
            "block_a",
            "in",
            "a",
            5,
            6,
            6,
            conv(r, 5, 12, true),
            dw(r, 12, 1, 1, 1, 1, 1),
            conv(r, 12, 5, false),
            true);
    InvertedResidualSpec b =
        new InvertedResidualSpec(
            "block_b",
            "a",
            "b",
            5,
            6,
            6,
            conv(r, 5, 10, true),
            dw(r, 10, 2, 0, 0, 1, 1),
            conv(r, 10, 7, false),
            false);
    InvertedResidualSpec c =
        new InvertedResidualSpec(
            "block_c",
            "b",
            "c",
            7,
            3,
            3,
            null,
            dw(r, 7, 1, 1, 1, 1, 1),
            conv(r, 7, 7, false),
            true);
    return new TailSpec(
        "tiny", "in", null, "feature", 5, 6, 6, List.of(a, b, c), conv(r, 7, 9, true));
  }

  /**
   * A tail shaped like MobileNetV2's from block_13 on but narrower, for backend comparisons that
   * must stay fast: input 16×14×14, two blocks (stride 2, then residual), last conv to 48.
   *
   * @param seed weight seed
   * @return the spec
   */
  public static TailSpec medium(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    InvertedResidualSpec a =
        new InvertedResidualSpec(
            "block_13",
            "in",
            "a",
            16,
            14,
            14,
            conv(r, 16, 96, true),
            dw(r, 96, 2, 0, 0, 1, 1),
            conv(r, 96, 24, false),
            false);
    InvertedResidualSpec b =
        new InvertedResidualSpec(
            "block_14",
            "a",
            "b",
            24,
            7,
            7,
            conv(r, 24, 144, true),
            dw(r, 144, 1, 1, 1, 1, 1),
            conv(r, 144, 24, false),
            true);
    return new TailSpec(
        "medium", "in", null, "feature", 16, 14, 14, List.of(a, b), conv(r, 24, 48, true));
  }

  static Conv1x1Spec conv(SplittableRandom r, int cin, int cout, boolean relu6) {
    float[] w = new float[cin * cout];
    double scale = Math.sqrt(3.0 / cin);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextDouble(-scale, scale);
    }
    float[] b = new float[cout];
    for (int i = 0; i < cout; i++) {
      b[i] = (float) r.nextDouble(0.0, 0.5);
    }
    return new Conv1x1Spec(cin, cout, w, b, relu6, "conv" + cin + "x" + cout);
  }

  static DepthwiseSpec dw(SplittableRandom r, int c, int stride, int pt, int pl, int pb, int pr) {
    float[] w = new float[c * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextDouble(-0.6, 0.6);
    }
    float[] b = new float[c];
    for (int i = 0; i < c; i++) {
      b[i] = (float) r.nextDouble(0.0, 0.5);
    }
    return new DepthwiseSpec(c, 3, stride, pt, pl, pb, pr, w, b, true, "dw" + c);
  }

  /**
   * @param spec the tail
   * @param numClasses classes
   * @param seed head seed
   * @return the spec's weights plus a random head
   */
  public static TailParameters parameters(TailSpec spec, int numClasses, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[numClasses * spec.featureDim()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextDouble(-0.5, 0.5);
    }
    float[] b = new float[numClasses];
    for (int i = 0; i < numClasses; i++) {
      b[i] = (float) r.nextDouble(-0.1, 0.1);
    }
    return TailParameters.of(spec, numClasses, w, b);
  }

  /**
   * @param n rows
   * @param size floats per row
   * @param seed seed
   * @return trunk-like activations in [−1, 3]
   */
  public static float[] input(int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 3);
    }
    return x;
  }

  /**
   * @param n rows
   * @param dim features
   * @param rate dropout rate
   * @param seed seed
   * @return inverted-dropout multipliers, 0 or 1/(1−rate)
   */
  public static float[] dropout(int n, int dim, double rate, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] m = new float[n * dim];
    for (int i = 0; i < m.length; i++) {
      m[i] = r.nextDouble() < rate ? 0f : (float) (1 / (1 - rate));
    }
    return m;
  }

  /**
   * @param n rows
   * @param k classes
   * @param seed seed
   * @return random labels
   */
  public static int[] labels(int n, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(k);
    }
    return y;
  }
}
