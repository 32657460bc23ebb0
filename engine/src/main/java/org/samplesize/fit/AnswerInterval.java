package org.samplesize.fit;

import java.util.Arrays;

/**
 * The selection-aware bootstrap behind the chosen answer of a curve ({@link
 * CurveFit#predictions()}, {@link CurveFit#targets()}): for each bootstrap replicate the family
 * that the replicate selected (by the same leave-last-size-out + AICc rule as the full data), its
 * refitted parameters, and the replicate's own leave-last-size-out error, which is added with a
 * random sign, times {@link LearningCurveFitter#EXTRAPOLATION_FACTOR} per size step of
 * extrapolation beyond the largest observed size. Immutable.
 *
 * <p>Replicate r's curve at size n is {@code clamp(max(f_r(n) + s_r · g(n), f_r(n_max)))} beyond
 * the largest size and {@code f_r(n)} up to it, where {@code f_r} is the selected family with the
 * replicate's parameters, {@code s_r = ±k·|e_r|} ({@code e_r} the selected family's
 * leave-last-size-out error in that replicate, 0 when it got no score) and {@code g(n) =
 * min(MAX_STEPS, ln(n / n_max) / step)} with {@code step = max(ln(n_max / n_prev), ln 2)}: 1 one
 * size step beyond the largest size (the distance the leave-last-size-out error was measured over,
 * at least a doubling, so that two close largest sizes do not blow the margin up), growing with the
 * log of the size up to {@link #MAX_STEPS} steps and constant after that (the one-step error says
 * nothing about farther extrapolation). A replicate never falls below its own value at the largest
 * size: more data is not expected to lower accuracy. A replicate that selected the flat baseline
 * {@code last1} answers a target from its own size means ({@link
 * LearningCurveFitter#measuredSizeFor}).
 */
public final class AnswerInterval {
  /** Size steps beyond the largest size over which the margin grows; constant after that. */
  static final double MAX_STEPS = 3;

  private final CurveFamily[] family;
  private final double[][] params;
  private final double[] shift;
  private final double scale;
  private final double step;
  private final double level;
  private final double[] sizes;
  private final double[][] means;

  AnswerInterval(
      CurveFamily[] family,
      double[][] params,
      double[] shift,
      double scale,
      double step,
      double level) {
    this(family, params, shift, scale, step, level, null, null);
  }

  /**
   * @param sizes the measured sizes, ascending; null when {@code means} is
   * @param means per replicate its size means (for replicates that selected {@code last1}: a target
   *     is then found among the measured sizes, see {@link SizeSearch#measuredSizeFor}); null to
   *     answer a target the baseline meets with the largest size
   */
  AnswerInterval(
      CurveFamily[] family,
      double[][] params,
      double[] shift,
      double scale,
      double step,
      double level,
      double[] sizes,
      double[][] means) {
    this.family = family.clone();
    this.params = params.clone();
    this.shift = shift.clone();
    this.scale = scale;
    this.step = step;
    this.level = level;
    this.sizes = sizes == null ? null : sizes.clone();
    this.means = means == null ? null : means.clone();
  }

  /**
   * @return the two-sided level, e.g. 0.9
   */
  public double level() {
    return level;
  }

  /**
   * @return replicates that selected a family (that enter the intervals)
   */
  public int replicates() {
    int n = 0;
    for (CurveFamily f : family) {
      n += f == null ? 0 : 1;
    }
    return n;
  }

  /**
   * The median over the replicates of the extrapolation margin added one size step beyond the
   * largest size, {@code k·|e_r|}: how far the rule's own one-step extrapolations missed, in metric
   * units.
   *
   * @return the median margin, 0 when no replicate had a leave-last-size-out score
   */
  public double medianMargin() {
    double[] a = new double[replicates()];
    int k = 0;
    for (int r = 0; r < family.length; r++) {
      if (family[r] != null) {
        a[k++] = Math.abs(shift[r]);
      }
    }
    if (k == 0) {
      return 0;
    }
    Arrays.sort(a);
    return Percentiles.quantile(a, 0.5);
  }

  /**
   * The percentile interval of the answer at a size.
   *
   * @param n training-set size
   * @return {lo, hi} at {@link #level()}
   */
  public double[] interval(double n) {
    double[] v = new double[family.length];
    for (int r = 0; r < family.length; r++) {
      v[r] = value(r, n);
    }
    return Percentiles.interval(v, level);
  }

  /**
   * The percentile interval of the size at which the replicates' curves first reach a target, from
   * the smallest measured size on (when the sizes are known); +infinity for replicates that never
   * do (below {@link LearningCurveFitter#MAX_SIZE}).
   *
   * @param target the accuracy
   * @return {lo, hi} at {@link #level()}, rounded up to whole sizes
   */
  public double[] sizeInterval(double target) {
    double[] v = new double[family.length];
    for (int r = 0; r < family.length; r++) {
      final int rr = r;
      if (family[r] == null) {
        v[r] = Double.NaN;
      } else if (family[r] == CurveFamily.LAST1 && means != null && means[r] != null) {
        // The baseline says nothing between the sizes: the replicate's own measured means do.
        v[r] = SizeSearch.measuredSizeFor(sizes, means[r], target);
      } else if (family[r] == CurveFamily.LAST1 && value(r, scale) >= target) {
        // The baseline is flat inside the data: it says the target is met now, not at size 1.
        v[r] = scale;
      } else {
        // From the smallest measured size on: below it the curve is an extrapolation backwards.
        v[r] = SizeSearch.sizeFrom(n -> value(rr, n), target, sizes == null ? 1 : sizes[0]);
      }
    }
    double[] iv = Percentiles.interval(v, level);
    return new double[] {Math.ceil(iv[0]), Math.ceil(iv[1])};
  }

  /** Replicate r's curve at n, NaN when the replicate selected nothing. */
  double value(int r, double n) {
    if (family[r] == null) {
      return Double.NaN;
    }
    double x = n / scale;
    double v = family[r].value(x, params[r]);
    if (x > 1) {
      double g = Math.min(MAX_STEPS, Math.log(x) / step);
      v = Math.max(v + shift[r] * g, family[r].value(1, params[r]));
    }
    return FamilyFit.clampToUnit(v);
  }
}
