package org.samplesize.fit;

/**
 * One curve ready to fit: sizes scaled by the largest ({@code x = n / scale}), the rows, their
 * weights and the size statistics of the full data.
 *
 * @param data the curve
 * @param x the sizes divided by the largest, ascending
 * @param scale the largest size
 * @param sizes the sizes, ascending
 * @param values the rows by size (a view of {@code data}'s)
 * @param weights one weight per row
 * @param full the (weighted) size statistics
 */
record ScaledCurve(
    CurveData data,
    double[] x,
    double scale,
    double[] sizes,
    double[][] values,
    double[][] weights,
    SizeStats full) {

  static ScaledCurve of(CurveData data, Weighting weighting, String source) {
    int m = data.sizeCount();
    double scale = data.largestSize();
    double[] x = new double[m];
    double[] sizes = new double[m];
    for (int i = 0; i < m; i++) {
      x[i] = data.size(i) / scale;
      sizes[i] = data.size(i);
    }
    double[][] values = data.valuesView();
    double[][] weights = RowWeights.of(data, weighting, source);
    return new ScaledCurve(data, x, scale, sizes, values, weights, SizeStats.of(values, weights));
  }

  int sizeCount() {
    return x.length;
  }
}
