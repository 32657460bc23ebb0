package org.samplesize.fit;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * How far a curve lies from the means measured at the curve's own sizes, counted in standard errors
 * of each mean (the repeats' sample standard deviation over √repeats). Used to leave out of the
 * default answer a family that contradicts the data ({@link MeanAnswer}) and to warn when the
 * answer itself misses them ({@link MissedMeans}). Stateless.
 */
final class FarFromTheMeans {
  private FarFromTheMeans() {}

  /**
   * The worst miss of a curve.
   *
   * @param at the measured size
   * @param value the curve's value there
   * @param standardErrors how many standard errors of the measured mean it lies off
   */
  record Miss(SizeSummary at, double value, double standardErrors) {}

  /**
   * @param curve the curve's value at a size
   * @param sizes the measured sizes with their means and spreads
   * @param standardErrors how many standard errors a miss must exceed
   * @param points how far, in the metric's units, a miss must lie
   * @return the size the curve misses by the most standard errors among those it misses by more
   *     than both, or null when none; sizes with fewer than 2 repeats or repeats that all read the
   *     same have no noise to count a miss in and are passed over
   */
  static Miss worst(
      DoubleUnaryOperator curve, List<SizeSummary> sizes, double standardErrors, double points) {
    Miss worst = null;
    for (SizeSummary s : sizes) {
      int r = s.repeats();
      if (r < 2 || !(s.std() > 0)) {
        continue;
      }
      double v = curve.applyAsDouble(s.size());
      double off = Math.abs(v - s.mean());
      double z = off / Math.sqrt(s.sampleVariance() / r);
      if (z > standardErrors && off > points && (worst == null || z > worst.standardErrors())) {
        worst = new Miss(s, v, z);
      }
    }
    return worst;
  }
}
