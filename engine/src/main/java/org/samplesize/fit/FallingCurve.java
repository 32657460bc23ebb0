package org.samplesize.fit;

import java.util.Locale;

/**
 * Tells a curve whose metric falls as the training set grows, such as an error rate or a loss.
 * Every family models a curve that rises toward a level, and the answer never falls below its value
 * at the largest size: fitted to a falling curve it would answer "1 [1, 100] images" for any target
 * and a value stuck at the largest size's. Such a curve needs its complement fitted (1 − error is
 * the accuracy). Stateless.
 *
 * <p>A curve falls when the mean at its largest size is below the mean at its smallest by more than
 * twice the standard error of the difference (the repeats' sample standard deviations); with one
 * repeat at either size any drop counts, as the sizes span a factor of several. A curve that levels
 * off and dips within its noise does not.
 */
public final class FallingCurve {
  private FallingCurve() {}

  /**
   * @param d a curve
   * @return whether its metric falls from the smallest to the largest size beyond noise
   */
  public static boolean falls(CurveData d) {
    int last = d.sizeCount() - 1;
    double drop = d.mean(0) - d.mean(last);
    return drop > 0 && drop > 2 * Math.sqrt(varianceOfMean(d, 0) + varianceOfMean(d, last));
  }

  /** The squared standard error of a size's mean: sample variance over repeats (0 for one). */
  private static double varianceOfMean(CurveData d, int i) {
    int r = d.values(i).length;
    double sd = d.std(i);
    return r < 2 ? 0 : sd * sd / (r - 1);
  }

  /**
   * @param d a curve
   * @return what falls where, e.g. {@code falls as the training set grows (0.2819 at 100, 0.1379 at
   *     800)}
   */
  public static String describe(CurveData d) {
    int last = d.sizeCount() - 1;
    return String.format(
        Locale.ROOT,
        "falls as the training set grows (%.4f at %s, %.4f at %s)",
        d.mean(0),
        CurveData.formatSize(d.size(0)),
        d.mean(last),
        CurveData.formatSize(d.size(last)));
  }
}
