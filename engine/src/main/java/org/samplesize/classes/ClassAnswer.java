package org.samplesize.classes;

import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Prediction;
import org.samplesize.fit.TargetEstimate;

/**
 * One class's learning curve and its answers.
 *
 * @param curve the curve the models belong to (e.g. {@code head})
 * @param className the class
 * @param images the class's training images ("all its images"), see {@code imagesFrom}
 * @param imagesFrom where {@code images} comes from: {@link #FROM_TRAINING_SET}, {@link
 *     #FROM_FRACTION} or {@link #FROM_LARGEST}
 * @param share the class's share of the test set (its weight in the overall accuracy)
 * @param largestSize the class's images at the largest measured size
 * @param measuredRecall mean recall of the repeats at the largest measured size
 * @param measuredPrecision mean precision of the repeats at the largest measured size
 * @param atAll the recall expected with all {@code images}, with its interval; null when not fitted
 * @param target the images of this class needed for the target recall, with its interval; null when
 *     no target recall was asked for or the class was not fitted
 * @param fit the class's curve fit; null when it could not be fitted
 * @param notFitted why the class was not fitted; null when it was
 * @param precisionAtAll the precision expected with all {@code images}, with its interval, from the
 *     class's precision curve (fitted like the recall curve, against the same sizes); null when not
 *     fitted
 */
public record ClassAnswer(
    String curve,
    String className,
    long images,
    String imagesFrom,
    double share,
    double largestSize,
    double measuredRecall,
    double measuredPrecision,
    Prediction atAll,
    TargetEstimate target,
    CurveFit fit,
    String notFitted,
    Prediction precisionAtAll) {

  /** {@code images} is the class's count in the training set. */
  public static final String FROM_TRAINING_SET = "training set";

  /** {@code images} is estimated from the largest fraction: its mean count / the fraction. */
  public static final String FROM_FRACTION = "estimated from the largest fraction";

  /** {@code images} is the largest measured count (the table has no fraction column). */
  public static final String FROM_LARGEST = "largest measured size";

  /**
   * @return whether the class's recall was 0 at every measured size: the models never recognised
   *     it, and its curve, flat at 0, says nothing about how many images it needs ("levels off at
   *     0.0%" would read as a measured ceiling)
   */
  public boolean neverRecognised() {
    return fit != null
        && !fit.sizes().isEmpty()
        && fit.sizes().stream().allMatch(s -> s.mean() == 0);
  }

  /**
   * @return for a class {@link #neverRecognised()}, what that means and what to do, e.g. "never
   *     recognised: its recall was 0 at every measured size (up to 14 of its training images), so
   *     its curve cannot say how many images it needs; add images of it"
   */
  public String neverRecognisedText() {
    return String.format(
        java.util.Locale.ROOT,
        "never recognised: its recall was 0 at every measured size (up to %,d of its training"
            + " images), so its curve cannot say how many images it needs; add images of it",
        Math.round(largestSize));
  }

  /**
   * @return more images of this class needed for the target recall (0 when it has enough),
   *     +infinity when the curve does not reach it, NaN without a target
   */
  public double moreNeeded() {
    if (target == null) {
      return Double.NaN;
    }
    if (!target.reachable() || !Double.isFinite(target.n())) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(0, Math.ceil(target.n()) - images);
  }
}
