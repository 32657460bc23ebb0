package org.samplesize.fit;

import java.util.function.DoubleUnaryOperator;

/** Where a curve, or the measured means, first reach a target accuracy. */
final class SizeSearch {
  private SizeSearch() {}

  private static final int GRID_PER_DECADE = 20;

  /**
   * The search grid of {@link #sizeFor}: 10^(i / GRID_PER_DECADE) for i = 0 … 9·GRID_PER_DECADE.
   */
  private static final double[] GRID = new double[9 * GRID_PER_DECADE + 1];

  static {
    for (int i = 0; i < GRID.length; i++) {
      GRID[i] = Math.pow(10, (double) i / GRID_PER_DECADE);
    }
  }

  /**
   * The smallest size (rounded up) at which the curve reaches {@code target}, searching a log grid
   * from 1 to {@link LearningCurveFitter#MAX_SIZE} and bisecting the first crossing; +infinity when
   * it never does.
   */
  static double sizeFor(CurveFamily fam, double[] p, double scale, double target) {
    return sizeFor(n -> fam.value(n / scale, p), target);
  }

  /** {@link #sizeFor(CurveFamily, double[], double, double)} for any curve of the size. */
  static double sizeFor(DoubleUnaryOperator curve, double target) {
    return sizeFrom(curve, target, 1);
  }

  /**
   * The size of a target's point answer: {@link #sizeFor}, unless the curve reaches the target only
   * below the smallest measured size and is below it there. Such a curve falls from size 1 to the
   * data (a fit to a curve that has levelled off, extrapolated backwards), and its crossing there
   * would answer "1 image" for a target that no measured size comes near; the answer is then the
   * first crossing from the smallest measured size on, where the interval's ends are searched too
   * ({@link #sizeFrom}). A curve that rises is left as it is: below the smallest size it reaches
   * the target only if it reaches it at that size.
   *
   * @param curve the curve of the size
   * @param target the value to reach
   * @param smallest the smallest measured size
   * @return the size, within [1, {@link LearningCurveFitter#MAX_SIZE}], or +infinity
   */
  static double pointSizeFor(DoubleUnaryOperator curve, double target, double smallest) {
    double n = sizeFor(curve, target);
    if (n < smallest && !(curve.applyAsDouble(smallest) >= target)) {
      return sizeFrom(curve, target, smallest);
    }
    return n;
  }

  /**
   * The smallest size (rounded up) from {@code from} on at which the curve reaches {@code target}:
   * {@code from} itself when the curve reaches it there, else the first crossing on the log grid of
   * {@link #sizeFor} above {@code from}, bisected; +infinity when it never does. An interval's ends
   * are searched from the smallest measured size: below it the band is an extrapolation backwards,
   * where the families part ways, and a crossing there says nothing.
   *
   * @param curve the curve of the size
   * @param target the value to reach
   * @param from where the search starts, at least 1
   * @return the size, within [from, {@link LearningCurveFitter#MAX_SIZE}], or +infinity
   */
  static double sizeFrom(DoubleUnaryOperator curve, double target, double from) {
    if (curve.applyAsDouble(from) >= target) {
      return from;
    }
    double prev = Math.log10(from);
    for (int i = 0; i < GRID.length; i++) {
      if (GRID[i] <= from) {
        continue;
      }
      double logN = (double) i / GRID_PER_DECADE;
      double v = curve.applyAsDouble(GRID[i]);
      if (v >= target) {
        double lo = prev;
        double hi = logN;
        for (int it = 0; it < 60; it++) {
          double mid = 0.5 * (lo + hi);
          if (mid <= lo || mid >= hi) {
            // mid is lo or hi (adjacent doubles): the curve is below the target at lo and reaches
            // it at hi, so this and every further step would leave both as they are
            break;
          }
          if (curve.applyAsDouble(Math.pow(10, mid)) >= target) {
            hi = mid;
          } else {
            lo = mid;
          }
        }
        return Math.max(from, Math.ceil(Math.pow(10, hi) - 1e-9));
      }
      prev = logN;
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The highest value an unreachable curve gets to: its asymptote when that is finite and below the
   * target, else the largest value from the smallest measured size up to {@link
   * LearningCurveFitter#MAX_SIZE} (see {@link #highestFrom}).
   */
  static double levelsOff(
      CurveFamily fam, double[] p, double scale, double target, double smallest) {
    double max = highestFrom(n -> fam.value(n / scale, p), smallest);
    double asym = fam.asymptote(p);
    return Double.isFinite(asym) && asym < target ? Math.max(asym, max) : max;
  }

  /**
   * The largest value of the curve at the smallest measured size and on the search grid above it,
   * up to {@link LearningCurveFitter#MAX_SIZE}. Below the smallest size a fit that falls towards
   * the data can be far above anything measured (a curve of 80% everywhere whose fit is 93% at size
   * 1), which is not a level the curve reaches.
   *
   * @param curve the curve of the size
   * @param smallest the smallest measured size
   * @return the largest value
   */
  static double highestFrom(DoubleUnaryOperator curve, double smallest) {
    double max = curve.applyAsDouble(smallest);
    for (double n : GRID) {
      if (n > smallest) {
        max = Math.max(max, curve.applyAsDouble(n));
      }
    }
    return max;
  }

  /**
   * Whether the curve falls rather than levels off: it ends (at {@link
   * LearningCurveFitter#MAX_SIZE}) below its highest value from the smallest measured size on
   * ({@link #highestFrom}), or it is lower at the largest measured size than somewhere between the
   * smallest and the largest (a class whose recall was 20% at 1 image and 0% at 2 and 5; its mean
   * curve may rise again far beyond the data, as one family's does, which is where its highest
   * value can lie). Either way "levels off at" the highest value would contradict the curve's value
   * where the data are. Lower means by {@link #FALL} or more: a finer step called a flat class that
   * wobbles by 0.1 point falling.
   *
   * @param curve the curve of the size
   * @param smallest the smallest measured size
   * @param largest the largest measured size
   * @return whether "levels off at" its highest value would misdescribe the curve
   */
  static boolean fallsFrom(DoubleUnaryOperator curve, double smallest, double largest) {
    double highest = highestFrom(curve, smallest);
    if (highest - curve.applyAsDouble(GRID[GRID.length - 1]) >= FALL) {
      return true;
    }
    double measuredHighest = Math.max(curve.applyAsDouble(smallest), curve.applyAsDouble(largest));
    for (double n : GRID) {
      if (n > smallest && n < largest) {
        measuredHighest = Math.max(measuredHighest, curve.applyAsDouble(n));
      }
    }
    return measuredHighest - curve.applyAsDouble(largest) >= FALL;
  }

  /** How far below its highest value a curve must be to fall rather than level off: a point. */
  static final double FALL = 0.01;

  /**
   * The size at which the measured means first reach {@code target}, interpolated linearly in the
   * log of the size between the last size below the target and the first at or above it (learning
   * curves are close to straight in log size), rounded up to a whole size: the smallest measured
   * size when its mean already reaches the target (the data say nothing about smaller sets);
   * +infinity when no mean reaches it. It answers for the baseline {@code last1}, which is flat and
   * would otherwise put every target below its level at size 1, and for a chosen curve that levels
   * off below a target that the data reach.
   *
   * @param sizes the measured sizes, ascending
   * @param means the mean at each size
   * @param target the accuracy
   * @return the size, within [sizes[0], sizes[m-1]], or +infinity
   */
  static double measuredSizeFor(double[] sizes, double[] means, double target) {
    if (means[0] >= target) {
      return sizes[0];
    }
    for (int i = 1; i < sizes.length; i++) {
      if (means[i] >= target) {
        double frac = (target - means[i - 1]) / (means[i] - means[i - 1]);
        double n = sizes[i - 1] * Math.pow(sizes[i] / sizes[i - 1], frac);
        return Math.min(sizes[i], Math.max(sizes[i - 1], Math.ceil(n - 1e-9)));
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
