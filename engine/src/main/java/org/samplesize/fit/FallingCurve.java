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
    return dropsBeyondNoise(d, 0, d.sizeCount() - 1, 2);
  }

  /**
   * A curve that rises, peaks before its largest size and falls from there beyond noise: the mean
   * at the largest size is below the highest mean at a smaller size by more than three standard
   * errors of the difference (three, not two: the highest of several means is picked). Only sizes
   * with repeats count, as one row says nothing of the noise. Every family rises or levels off, so
   * the answers beyond the largest size of such a curve are likely too high.
   *
   * @param d a curve
   * @return what falls where, e.g. {@code peaks at 200 (0.8050) and falls to 0.7050 at 800}, or
   *     null when it does not (or when {@link #falls} already says so)
   */
  public static String peakBeforeTheLargest(CurveData d) {
    int last = d.sizeCount() - 1;
    if (d.values(last).length < 2 || falls(d)) {
      return null;
    }
    int peak = -1;
    for (int i = 0; i < last; i++) {
      if (d.values(i).length >= 2 && (peak < 0 || d.mean(i) > d.mean(peak))) {
        peak = i;
      }
    }
    if (peak < 0) {
      return null;
    }
    if (!dropsBeyondNoise(d, peak, last, 3)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "peaks at %s (%.4f) and falls to %.4f at %s",
        CurveData.formatSize(d.size(peak)),
        d.mean(peak),
        d.mean(last),
        CurveData.formatSize(d.size(last)));
  }

  /**
   * Whether the mean at size {@code to} is below the mean at size {@code from} by more than {@code
   * k} standard errors of the difference (any drop when neither size has repeats).
   */
  private static boolean dropsBeyondNoise(CurveData d, int from, int to, double k) {
    double drop = d.mean(from) - d.mean(to);
    return drop > 0 && drop > k * Math.sqrt(varianceOfMean(d, from) + varianceOfMean(d, to));
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
