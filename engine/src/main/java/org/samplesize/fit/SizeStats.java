package org.samplesize.fit;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Size-level sufficient statistics of the (weighted) rows. */
final class SizeStats {
  final double[] sw; // √(Σ w) per size
  final double[] yw; // weighted mean per size
  final double[] mean; // plain mean per size
  final double within; // Σ w·(y − ȳ_w)², the part of the weighted SSE no curve can remove
  final int rows;

  private SizeStats(double[] sw, double[] yw, double[] mean, double within, int rows) {
    this.sw = sw;
    this.yw = yw;
    this.mean = mean;
    this.within = within;
    this.rows = rows;
  }

  static SizeStats of(double[][] y, double[][] w) {
    int m = y.length;
    double[] sw = new double[m];
    double[] yw = new double[m];
    double[] mean = new double[m];
    double within = 0;
    int rows = 0;
    for (int i = 0; i < m; i++) {
      double sumW = 0;
      double sumWy = 0;
      double sum = 0;
      for (int j = 0; j < y[i].length; j++) {
        sumW += w[i][j];
        sumWy += w[i][j] * y[i][j];
        sum += y[i][j];
      }
      yw[i] = sumWy / sumW;
      sw[i] = Math.sqrt(sumW);
      mean[i] = sum / y[i].length;
      for (int j = 0; j < y[i].length; j++) {
        within += w[i][j] * (y[i][j] - yw[i]) * (y[i][j] - yw[i]);
      }
      rows += y[i].length;
    }
    return new SizeStats(sw, yw, mean, within, rows);
  }

  /** The first {@code m} sizes. */
  SizeStats head(int m) {
    return new SizeStats(
        Arrays.copyOf(sw, m), Arrays.copyOf(yw, m), Arrays.copyOf(mean, m), 0, rows);
  }

  /**
   * A bootstrap replicate: within each size draw the repeats with replacement (row and weight
   * together), scaling deviations from the size mean by {@code spread[size]}.
   */
  SizeStats resample(double[][] y, double[][] w, SplittableRandom rng, double[] spread) {
    int m = y.length;
    double[][] ry = new double[m][];
    double[][] rw = new double[m][];
    for (int i = 0; i < m; i++) {
      int r = y[i].length;
      double inflate = spread[i];
      ry[i] = new double[r];
      rw[i] = new double[r];
      for (int j = 0; j < r; j++) {
        int pick = rng.nextInt(r);
        ry[i][j] = mean[i] + inflate * (y[i][pick] - mean[i]);
        rw[i][j] = w[i][pick];
      }
    }
    return of(ry, rw);
  }
}
