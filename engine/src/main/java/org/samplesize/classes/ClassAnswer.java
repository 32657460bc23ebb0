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
 * @param testImages the class's test images (the most of any model's test set), -1 when unknown:
 *     with few, its recall moves in steps of 1/m and its intervals leave that noise out ({@link
 *     #caution})
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
    Prediction precisionAtAll,
    int testImages) {

  /**
   * Below this many test images a class's recall is read as rough, as the run's warning about few
   * test images in a class says (its threshold).
   */
  public static final int FEW_TEST_IMAGES = 20;

  /** A class answer whose test images are not known. */
  public ClassAnswer(
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
    this(
        curve,
        className,
        images,
        imagesFrom,
        share,
        largestSize,
        measuredRecall,
        measuredPrecision,
        atAll,
        target,
        fit,
        notFitted,
        precisionAtAll,
        -1);
  }

  /**
   * Why this class's numbers are rougher than their intervals say, in a few words for the line and
   * the report's table: few test images (its recall can only read a few values, and the test noise
   * is not in its intervals), or else warnings of its curve's fit (listed in full in the report and
   * in {@code fit.json}). A class with 1 test image read "0.0% (90% interval 0.0–0.1%)", which
   * looked confident.
   *
   * @return e.g. {@code "1 test image, so its recall can only read 0 or 100% and its intervals
   *     leave that noise out"} (without intervals, as on two sizes or with {@code --bootstrap 0},
   *     the words name none: {@code "... read its numbers as rough"}), or null when nothing needs
   *     saying
   */
  public String caution() {
    String label = cautionLabel();
    if (label == null) {
      return null;
    }
    // Without intervals (--bootstrap 0, two sizes, no repeats) there are none to speak of.
    boolean intervals = !CurveFit.INTERVAL_NONE.equals(fit.interval());
    if (fewTestImages()) {
      String reads =
          testImages == 1
              ? "its recall can only read 0 or 100%"
              : String.format(
                  java.util.Locale.ROOT,
                  "its recall moves in steps of %s points",
                  trimmed(100.0 / testImages));
      return label + ", so " + reads + (intervals ? " and its intervals leave that noise out" : "");
    }
    if (fit.risingOnly()) {
      return label
          + ", so its curve keeps rising: read its recall as an upper figure and its sizes as"
          + " lower ones";
    }
    return label + ": " + (intervals ? "read its intervals as rough" : "read its numbers as rough");
  }

  /**
   * The first words of {@link #caution}, which the report's table puts beside the class's name.
   *
   * @return e.g. {@code "1 test image"} or {@code "its curve's fit has 2 warnings"}, or null when
   *     nothing needs saying
   */
  public String cautionLabel() {
    if (fit == null) {
      return null;
    }
    if (fewTestImages()) {
      return String.format(
          java.util.Locale.ROOT, "%d test image%s", testImages, testImages == 1 ? "" : "s");
    }
    if (fit.risingOnly()) {
      // Its fit's warnings say so at length; pow2 and log2 keep rising, which matters most.
      return "only 2 sizes";
    }
    int n = fit.warnings().size();
    return n == 0
        ? null
        : n == 1 ? "its curve's fit has a warning" : "its curve's fit has " + n + " warnings";
  }

  /**
   * @return whether the {@link #caution} is the class's few test images (rather than its fit's
   *     warnings, which the report lists apart)
   */
  public boolean fewTestImages() {
    return fit != null && testImages > 0 && testImages < FEW_TEST_IMAGES;
  }

  private static String trimmed(double points) {
    String s = String.format(java.util.Locale.ROOT, "%.1f", points);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

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
