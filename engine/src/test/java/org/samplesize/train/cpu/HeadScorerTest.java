package org.samplesize.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.train.FeatureMatrix;

class HeadScorerTest {

  /**
   * The scorer reads the features from one array or row by row from the feature matrix (as the
   * stack does with {@link PairDropout}): every path (one row set shared by all models or one per
   * model) gives the same floats either way.
   */
  @Test
  void featuresReadRowByRowScoreAsTheArrayDoes() {
    SplittableRandom r = new SplittableRandom(7);
    int rows = 40;
    int cols = 37;
    int classes = 5;
    int models = 3;
    float[] x = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[][] weights = new float[models][classes * cols];
    for (float[] w : weights) {
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (r.nextGaussian() * 0.3);
      }
    }
    float[] bias = new float[models * classes];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) r.nextGaussian();
    }
    int[] a = {1, 5, 7, 9, 30, 2, 3, 4, 39, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    int[] b = {2, 3, 4, 39, 0};
    int[][][] rowSets = {{a, a, a}, {a, b, null}};
    try (CpuBackend backend = new CpuBackend(2)) {
      HeadScorer array = new HeadScorer(backend, x, null, weights, bias, models, classes, cols, 2);
      HeadScorer matrix =
          new HeadScorer(
              backend,
              null,
              FeatureMatrix.of(x, rows, cols),
              weights,
              bias,
              models,
              classes,
              cols,
              2);
      for (int[][] sets : rowSets) {
        float[][] want = new float[models][a.length * classes];
        float[][] got = new float[models][a.length * classes];
        array.predict(sets, want);
        matrix.predict(sets, got);
        for (int m = 0; m < models; m++) {
          for (int i = 0; i < want[m].length; i++) {
            assertEquals(
                Float.floatToRawIntBits(want[m][i]),
                Float.floatToRawIntBits(got[m][i]),
                "model " + m + ", element " + i);
          }
        }
      }
    }
  }
}
