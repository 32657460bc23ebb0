package org.samplesize.fit;

import java.util.Locale;

/**
 * Tells a curve whose metric never moves: the same value at every size and in every repeat, such as
 * accuracies of 0 throughout (a learner that never learned, or one that always answers the same
 * class). Every family fitted to it is a flat line, so its answer, its target sizes and its values
 * beyond the largest size say nothing of what more images would do. Stateless.
 */
public final class FlatCurve {
  private FlatCurve() {}

  /**
   * Below this spread the values are the same: sums of the same fractions of a test set differ by
   * rounding at most.
   */
  private static final double SAME = 1e-12;

  /**
   * @param d a curve
   * @return whether every row of every size holds the same value (a curve of one size is not
   *     judged)
   */
  public static boolean flat(CurveData d) {
    if (d.sizeCount() < 2) {
      return false;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < d.sizeCount(); i++) {
      for (double v : d.values(i)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return hi - lo <= SAME;
  }

  /**
   * @param d a flat curve ({@link #flat})
   * @return what it is, e.g. {@code is 0.0000 at every size from 50 to 400 and in every repeat}
   */
  public static String describe(CurveData d) {
    return String.format(
        Locale.ROOT,
        "is %.4f at every size from %s to %s and in every repeat",
        d.mean(0),
        CurveData.formatSize(d.size(0)),
        CurveData.formatSize(d.size(d.sizeCount() - 1)));
  }
}
