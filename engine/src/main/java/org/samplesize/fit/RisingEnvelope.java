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
 * A non-decreasing curve next to a smooth curve beyond a start size, in one of two kinds. {@link
 * #RisingEnvelope(DoubleUnaryOperator, double) over} a curve, the smallest one at or above it: at
 * {@code n} the highest value the curve takes on {@code [start, n]}. A learning curve's
 * extrapolation is not expected to fall as the training set grows; a mean of families can, where
 * one of them (vap3) turns down, and then answered less at 4× the largest size than at 2×. {@link
 * #under under} a curve, the largest one at or below it: at {@code n} the lowest value the curve
 * takes on {@code [n, }{@link LearningCurveFitter#MAX_SIZE}{@code ]}; an interval's upper end held
 * this way never falls as the size grows (the accuracy at {@code n} is at most the accuracy at any
 * larger size, so an upper end there bounds it too).
 *
 * <p>The highest (lowest) value on a range lies at an end or at a local maximum (minimum) inside,
 * so these are found once, on a grid of about 16 points a doubling from the start to {@link
 * LearningCurveFitter#MAX_SIZE} (both ends on it), each refined by Brent's method in log size, and
 * the first and the last cell are searched whole. Two local extremes of one kind within one cell
 * (1/16 of a doubling) are beyond it; a mean of fitted families has none. Immutable.
 */
final class RisingEnvelope {
  /** The grid's points a doubling for a curve made of smooth pieces, as the answer's mean. */
  private static final int POINTS_PER_DOUBLING = 16;

  /** The curve times {@link #sign}: its local maxima are the extremes the envelope holds. */
  private final DoubleUnaryOperator curve;

  /** +1 over the curve, −1 under it. */
  private final double sign;

  private final double start;
  private final double startValue;

  /** The local maxima beyond the start, ascending by size: their sizes and values. */
  private final double[] peakSizes;

  private final double[] peakValues;

  /**
   * The smallest non-decreasing curve at or above {@code curve} from {@code start} on.
   *
   * @param curve the curve, smooth in log size (kinks where pieces join are fine)
   * @param start where the envelope begins (for the answer's curve, the largest measured size)
   */
  RisingEnvelope(DoubleUnaryOperator curve, double start) {
    this(curve, start, 1, POINTS_PER_DOUBLING);
  }

  /**
   * The largest non-decreasing curve at or below {@code curve} from {@code start} on.
   *
   * @param curve the curve, smooth in log size (kinks where pieces join are fine)
   * @param start where the envelope begins
   * @param pointsPerDoubling the grid's points a doubling (local minima closer than a cell apart
   *     are beyond it)
   * @return the envelope: {@link #at} is the lowest value the curve takes on {@code [n, MAX_SIZE]}
   */
  static RisingEnvelope under(DoubleUnaryOperator curve, double start, int pointsPerDoubling) {
    return new RisingEnvelope(curve, start, -1, pointsPerDoubling);
  }

  /**
   * The smallest non-decreasing curve at or above {@code curve} from {@code start} on, on a grid of
   * {@code pointsPerDoubling}.
   *
   * @param curve the curve, smooth in log size (kinks where pieces join are fine)
   * @param start where the envelope begins
   * @param pointsPerDoubling the grid's points a doubling
   * @return the envelope
   */
  static RisingEnvelope over(DoubleUnaryOperator curve, double start, int pointsPerDoubling) {
    return new RisingEnvelope(curve, start, 1, pointsPerDoubling);
  }

  private RisingEnvelope(
      DoubleUnaryOperator raw, double start, double sign, int pointsPerDoubling) {
    this.curve = sign > 0 ? raw : n -> -raw.applyAsDouble(n);
    this.sign = sign;
    this.start = start;
    this.startValue = this.curve.applyAsDouble(start);
    List<double[]> peaks = new ArrayList<>();
    double x0 = Math.log(start);
    double top = Math.log(LearningCurveFitter.MAX_SIZE);
    if (top > x0) {
      int cells = Math.max(2, (int) Math.ceil((top - x0) / (Math.log(2) / pointsPerDoubling)));
      double step = (top - x0) / cells;
      double[] f = new double[cells + 1];
      for (int k = 0; k <= cells; k++) {
        f[k] = k == 0 ? startValue : this.curve.applyAsDouble(Math.exp(x0 + k * step));
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
   * @return the curve's value at {@code n} below the start; from it on, over the curve the highest
   *     value it takes on {@code [start, n]}, under it the lowest on {@code [n, MAX_SIZE]} (the
   *     curve itself beyond {@code MAX_SIZE})
   */
  double at(double n) {
    return at(n, sign * curve.applyAsDouble(n));
  }

  /**
   * {@link #at(double)} for a caller that has the curve's value at {@code n} already, so that the
   * curve is not evaluated again.
   *
   * @param n a size
   * @param value the curve's own value at {@code n}
   * @return as {@link #at(double)}
   */
  double at(double n, double value) {
    double v = sign * value;
    if (sign > 0) {
      if (!(n > start)) {
        return v;
      }
      v = Math.max(v, startValue);
      for (int i = 0; i < peakSizes.length && peakSizes[i] <= n; i++) {
        v = Math.max(v, peakValues[i]);
      }
      return v;
    }
    if (!(n >= start) || !(n <= LearningCurveFitter.MAX_SIZE)) {
      return -v;
    }
    for (int i = peakSizes.length - 1; i >= 0 && peakSizes[i] >= n; i--) {
      v = Math.max(v, peakValues[i]);
    }
    return -v;
  }
}
