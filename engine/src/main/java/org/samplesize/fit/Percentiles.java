package org.samplesize.fit;

import java.util.Arrays;

/** Percentile intervals over bootstrap replicates (linear interpolation, R type 7). */
final class Percentiles {
  private Percentiles() {}

  /**
   * @param values replicate values (may hold +-infinity; NaN values are dropped)
   * @param level two-sided level, e.g. 0.9 for the 5th to 95th percentile
   * @return {lo, hi}, NaNs when no value is left
   */
  static double[] interval(double[] values, double level) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double tail = (1 - level) / 2;
    return new double[] {quantile(v, tail), quantile(v, 1 - tail)};
  }

  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    double a = sorted[lo];
    double b = sorted[hi];
    if (a == b || h == lo) {
      return a;
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return h - lo < 0.5 ? a : b;
    }
    return a + (h - lo) * (b - a);
  }
}
