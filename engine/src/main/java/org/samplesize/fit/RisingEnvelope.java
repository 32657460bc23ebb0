package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * The smallest non-decreasing curve at or above a smooth curve beyond a start size: at {@code n}
 * the highest value the curve takes on {@code [start, n]}. A learning curve's extrapolation is not
 * expected to fall as the training set grows; a mean of families can, where one of them (vap3)
 * turns down, and then answered less at 4× the largest size than at 2×.
 *
 * <p>The highest value on {@code [start, n]} lies at an end or at a local maximum inside, so the
 * local maxima are found once, on a grid of about 16 points a doubling from the start to {@link
 * LearningCurveFitter#MAX_SIZE} (both ends on it), each refined by Brent's method in log size, and
 * the first and the last cell are searched whole. Two local maxima within one cell (1/16 of a
 * doubling) are beyond it; a mean of fitted families has none. Immutable.
 */
final class RisingEnvelope {
  private static final int POINTS_PER_DOUBLING = 16;

  private final DoubleUnaryOperator curve;
  private final double start;
  private final double startValue;

  /** The local maxima beyond the start, ascending by size: their sizes and values. */
  private final double[] peakSizes;

  private final double[] peakValues;

  /**
   * @param curve the curve, smooth in log size
   * @param start where the envelope begins (the largest measured size)
   */
  RisingEnvelope(DoubleUnaryOperator curve, double start) {
    this.curve = curve;
    this.start = start;
    this.startValue = curve.applyAsDouble(start);
    List<double[]> peaks = new ArrayList<>();
    double x0 = Math.log(start);
    double top = Math.log(LearningCurveFitter.MAX_SIZE);
    if (top > x0) {
      int cells = Math.max(2, (int) Math.ceil((top - x0) / (Math.log(2) / POINTS_PER_DOUBLING)));
      double step = (top - x0) / cells;
      double[] f = new double[cells + 1];
      for (int k = 0; k <= cells; k++) {
        f[k] = k == 0 ? startValue : curve.applyAsDouble(Math.exp(x0 + k * step));
      }
      // The end cells are searched whole: a peak just past the start, or just below the top, has
      // no grid point on its either side.
      peaks.add(refine(x0, x0 + step, x0 + step / 2));
      for (int k = 1; k < cells; k++) {
        if (f[k] >= f[k - 1] && f[k] > f[k + 1]) {
          peaks.add(refine(x0 + (k - 1) * step, x0 + (k + 1) * step, x0 + k * step));
        }
      }
      peaks.add(refine(top - step, top, top - step / 2));
      peaks.sort(java.util.Comparator.comparingDouble(p -> p[0]));
    }
    this.peakSizes = peaks.stream().mapToDouble(p -> p[0]).toArray();
    this.peakValues = peaks.stream().mapToDouble(p -> p[1]).toArray();
  }

  private double[] refine(double lo, double hi, double guess) {
    UnivariatePointValuePair best =
        new BrentOptimizer(1e-10, 1e-14)
            .optimize(
                new MaxEval(200),
                new UnivariateObjectiveFunction(x -> curve.applyAsDouble(Math.exp(x))),
                GoalType.MAXIMIZE,
                new SearchInterval(lo, hi, guess));
    return new double[] {Math.exp(best.getPoint()), best.getValue()};
  }

  /**
   * @param n a size
   * @return the curve's value at {@code n} up to the start; beyond it the highest value the curve
   *     takes on {@code [start, n]}
   */
  double at(double n) {
    double v = curve.applyAsDouble(n);
    if (!(n > start)) {
      return v;
    }
    v = Math.max(v, startValue);
    for (int i = 0; i < peakSizes.length && peakSizes[i] <= n; i++) {
      v = Math.max(v, peakValues[i]);
    }
    return v;
  }
}
