package org.samplesize.fit;

import java.util.Locale;

/**
 * The observations of one learning curve: distinct sizes in ascending order, and for each size the
 * metric values of its repeats (and their test-set sizes, 0 when unknown). Immutable; the accessors
 * return copies.
 */
public final class CurveData {
  private final String name;
  private final double[] sizes;
  private final double[][] values;
  private final int[][] testSizes;

  /**
   * @param name curve name
   * @param sizes distinct sizes, strictly ascending, at least 2
   * @param values values[i] = the repeats at sizes[i], at least one each
   * @param testSizes testSizes[i][j] = the test-set size of values[i][j], 0 when unknown
   */
  public CurveData(String name, double[] sizes, double[][] values, int[][] testSizes) {
    if (sizes.length < 2 || values.length != sizes.length || testSizes.length != sizes.length) {
      throw new IllegalArgumentException("need at least 2 sizes with one value array each");
    }
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0 && !(sizes[i] > sizes[i - 1])) {
        throw new IllegalArgumentException("sizes must be strictly ascending: " + sizes[i]);
      }
      if (values[i].length == 0 || values[i].length != testSizes[i].length) {
        throw new IllegalArgumentException("size " + sizes[i] + " has no values");
      }
    }
    this.name = name;
    this.sizes = sizes.clone();
    this.values = deepCopy(values);
    this.testSizes = new int[testSizes.length][];
    for (int i = 0; i < testSizes.length; i++) {
      this.testSizes[i] = testSizes[i].clone();
    }
  }

  /**
   * @return the curve name
   */
  public String name() {
    return name;
  }

  /**
   * @return the number of distinct sizes
   */
  public int sizeCount() {
    return sizes.length;
  }

  /**
   * @return the distinct sizes, ascending
   */
  public double[] sizes() {
    return sizes.clone();
  }

  /**
   * @param i index of a size
   * @return the size
   */
  public double size(int i) {
    return sizes[i];
  }

  /**
   * @return the largest observed size
   */
  public double largestSize() {
    return sizes[sizes.length - 1];
  }

  /**
   * @param i index of a size
   * @return a copy of the repeat values at that size
   */
  public double[] values(int i) {
    return values[i].clone();
  }

  /**
   * @param i index of a size
   * @return a copy of the test-set sizes of the repeats at that size (0 = unknown)
   */
  public int[] testSizes(int i) {
    return testSizes[i].clone();
  }

  /**
   * @return the total number of rows (repeats over all sizes)
   */
  public int rowCount() {
    int n = 0;
    for (double[] v : values) {
      n += v.length;
    }
    return n;
  }

  /**
   * @param i index of a size
   * @return the mean of the repeats at that size
   */
  public double mean(int i) {
    double s = 0;
    for (double v : values[i]) {
      s += v;
    }
    return s / values[i].length;
  }

  /**
   * @param i index of a size
   * @return the population standard deviation (ddof = 0, as the recipe's error bars) of the
   *     repeats; exactly 0 when they are all equal
   */
  public double std(int i) {
    double m = mean(i);
    double s = 0;
    boolean spread = false;
    for (double v : values[i]) {
      s += (v - m) * (v - m);
      spread |= v != values[i][0];
    }
    // Equal repeats have no spread, though their rounded mean can differ from them in the last
    // bit (3 × 0.7 sums to 2.0999999999999996): a 1e-16 here would pass for the smallest noise.
    return spread ? Math.sqrt(s / values[i].length) : 0;
  }

  /**
   * @param i index of a size
   * @return the repeats at that size, summarised
   */
  public SizeSummary summary(int i) {
    return new SizeSummary(sizes[i], values[i].length, mean(i), std(i));
  }

  /** Package-private, no copy: the fitter reads these in its inner loops. */
  double[][] valuesView() {
    return values;
  }

  int[][] testSizesView() {
    return testSizes;
  }

  static String formatSize(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%g", s);
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
