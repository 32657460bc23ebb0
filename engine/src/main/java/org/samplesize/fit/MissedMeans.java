package org.samplesize.fit;

import java.util.List;
import java.util.Locale;

/**
 * The warning for a default answer whose curve misses the means measured at the curve's own sizes
 * by far more than their noise: the averaged families then disagree with the data's shape (on a
 * curve that rises steeply and then stays flat, pow2, log2 and vap3 fit a hundred thousand times
 * worse than the families that level off, and still count in the mean), and the predictions near
 * and beyond the data may be off by as much. The answer is not changed; the warning says where and
 * by how much, so that the reader can look at each family's row.
 *
 * <p>A size is missed when the curve lies more than {@value #STANDARD_ERRORS} standard errors of
 * its mean (the repeats' sample standard deviation over √repeats) and more than {@value #POINTS}
 * points of the metric from it. On the corpus (276 curves, 1,104 measured sizes) the mean lies more
 * than 6 standard errors from a measured mean at 1 size of 1 curve (a synthetic 5-class MLP curve,
 * 7.7 standard errors and 1.0 point), and more than 4 at 5 sizes of 4 curves.
 */
final class MissedMeans {
  private MissedMeans() {}

  /** Standard errors beyond which a measured mean counts as missed. */
  static final double STANDARD_ERRORS = 6;

  /** Least distance, in the metric's units, for a measured mean to count as missed. */
  static final double POINTS = 0.01;

  /**
   * @param answer the default answer
   * @param sizes the curve's sizes with their means and spreads
   * @return the warning, or null when the curve passes every measured mean within the noise
   */
  static String warning(MeanAnswer answer, List<SizeSummary> sizes) {
    FarFromTheMeans.Miss worst =
        FarFromTheMeans.worst(answer::value, sizes, STANDARD_ERRORS, POINTS);
    if (worst == null) {
      return null; // (sizes without noise to measure a miss against: said by the repeat warnings)
    }
    return String.format(
        Locale.ROOT,
        "the answer's curve misses the measured means: at size %s it reads %s where %s was"
            + " measured (%.0f standard errors of that mean off); the averaged families disagree"
            + " with the shape of these data, so the answers near and beyond them may be off by as"
            + " much: look at each family's row (fit's Details, or fit.json), and at --family with"
            + " the families that follow the means",
        CurveData.formatSize(worst.at().size()),
        Percent.one(worst.value()),
        Percent.one(worst.at().mean()),
        worst.standardErrors());
  }
}
