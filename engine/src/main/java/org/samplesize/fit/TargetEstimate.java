package org.samplesize.fit;

import java.util.Locale;

/**
 * The training-set size at which the fitted curve reaches a target accuracy, with its bootstrap
 * percentile interval.
 *
 * @param accuracy the target
 * @param n the smallest size (rounded up) where the curve reaches the target; NaN when not
 *     reachable
 * @param lo lower end of the interval; NaN when the bootstrap is off
 * @param hi upper end of the interval; +infinity when more than the upper tail of the replicates
 *     never reach the target; NaN when the bootstrap is off
 * @param reachable whether the fitted curve reaches the target at all (below {@link
 *     LearningCurveFitter#MAX_SIZE})
 * @param levelsOffAt when not reachable: the value the curve levels off at (its asymptote, or its
 *     value at {@link LearningCurveFitter#MAX_SIZE} for curves without one); NaN otherwise
 */
public record TargetEstimate(
    double accuracy, double n, double lo, double hi, boolean reachable, double levelsOffAt) {

  /**
   * @return whether an interval was computed
   */
  public boolean hasInterval() {
    return !Double.isNaN(lo);
  }

  /**
   * @return one line for people, e.g. {@code "not reachable: the curve levels off at 0.9312 <
   *     0.95"}
   */
  public String describe() {
    if (!reachable) {
      return String.format(
          Locale.ROOT,
          "not reachable: the curve levels off at %.4f < %s",
          levelsOffAt,
          trim(accuracy));
    }
    String s = String.format(Locale.ROOT, "%.0f", n);
    if (hasInterval()) {
      s +=
          String.format(
              Locale.ROOT,
              " [%.0f, %s]",
              lo,
              Double.isInfinite(hi) ? "unbounded" : String.format(Locale.ROOT, "%.0f", hi));
    }
    return s;
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
