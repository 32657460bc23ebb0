package org.samplesize.fit;

import java.util.Arrays;
import org.samplesize.InvalidInputException;

/** Row weights for least squares ({@link Weighting}), scaled to mean 1. */
final class RowWeights {
  private RowWeights() {}

  /**
   * @param data the curve
   * @param weighting how to weight its rows
   * @param source the table's name, for messages
   * @return one weight per row, by size and repeat, scaled to mean 1
   * @throws InvalidInputException when the weighting needs data the curve lacks
   */
  static double[][] of(CurveData data, Weighting weighting, String source) {
    double[][] values = data.valuesView();
    int m = values.length;
    double[][] w = new double[m][];
    switch (weighting) {
      case NONE -> {
        for (int i = 0; i < m; i++) {
          w[i] = new double[values[i].length];
          Arrays.fill(w[i], 1.0);
        }
      }
      case REPEAT_VARIANCE -> {
        double[] var = new double[m];
        double pooled = 0;
        int withRepeats = 0;
        for (int i = 0; i < m; i++) {
          int r = values[i].length;
          var[i] = Double.NaN;
          if (r >= 2) {
            double mean = data.mean(i);
            double s = 0;
            for (double v : values[i]) {
              s += (v - mean) * (v - mean);
            }
            var[i] = s / (r - 1);
            pooled += var[i];
            withRepeats++;
          }
        }
        if (withRepeats == 0) {
          throw new InvalidInputException(
              source
                  + ": --weights repeat-variance needs repeats (rows with the same size), but curve '"
                  + data.name()
                  + "' has one row per size; use --weights none");
        }
        pooled /= withRepeats;
        for (int i = 0; i < m; i++) {
          double v = Double.isNaN(var[i]) ? pooled : Math.max(var[i], pooled / 10);
          w[i] = new double[values[i].length];
          Arrays.fill(w[i], pooled > 0 ? 1 / v : 1.0);
        }
      }
      case BINOMIAL -> {
        int[][] t = data.testSizesView();
        for (int i = 0; i < m; i++) {
          double p = Math.min(0.999, Math.max(0.001, data.mean(i)));
          w[i] = new double[values[i].length];
          for (int j = 0; j < w[i].length; j++) {
            if (t[i][j] <= 0) {
              throw new InvalidInputException(
                  source
                      + ": --weights binomial needs the test-set size of every row (column"
                      + " 'test_size'), but curve '"
                      + data.name()
                      + "' at size "
                      + CurveData.formatSize(data.size(i))
                      + " has none; add the column or use --weights none");
            }
            w[i][j] = t[i][j] / (p * (1 - p));
          }
        }
      }
      default -> throw new IllegalStateException("unknown weighting " + weighting);
    }
    // Scale to mean 1: the fit is unchanged, the numbers stay of order one.
    double sum = 0;
    int n = 0;
    for (double[] row : w) {
      for (double v : row) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] /= mean;
      }
    }
    return w;
  }
}
