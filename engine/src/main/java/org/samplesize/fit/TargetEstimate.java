package org.samplesize.fit;

import java.util.Locale;

/**
 * The training-set size at which the fitted curve reaches a target accuracy, with its bootstrap
 * percentile interval.
 *
 * @param accuracy the target
 * @param n the smallest size (rounded up) where the curve reaches the target (for {@code last1},
 *     and for a chosen curve that cannot place the target, where the measured size means reach it:
 *     {@link LearningCurveFitter#measuredSizeFor}); NaN when not reachable
 * @param lo lower end of the interval, never above {@code n}; NaN when the bootstrap is off
 * @param hi upper end of the interval, never below {@code n}; +infinity when more than the upper
 *     tail of the replicates never reach the target, or when the point estimate does not reach it;
 *     NaN when the bootstrap is off
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
   * One line for people, without the interval's level: {@link #describe(double)} with NaN.
   *
   * @return e.g. {@code "1843 [1201, 3310]"} or {@code "not reachable: the curve levels off at
   *     0.9312 < 0.95"}
   */
  public String describe() {
    return describe(Double.NaN);
  }

  /**
   * One line for people that says what the numbers say: the size and its interval; or, when the
   * curve does not reach the target, where it levels off, and, when the lower end of the interval
   * is finite (some replicates' curves do reach the target), that interval too, so that a finite
   * {@link #lo()} is never reported as "not reachable" alone.
   *
   * @param level the interval's two-sided level (e.g. 0.9) to name it, or NaN to leave it out
   * @return e.g. {@code "1843 [1201, 3310]"}, {@code "not reachable: the curve levels off at 0.9312
   *     < 0.95"} or {@code "not reachable by the point estimate (the curve levels off at 0.9082 <
   *     0.95); 90% interval [2513, unbounded]"}
   */
  public String describe(double level) {
    String interval =
        hasInterval()
            ? String.format(
                Locale.ROOT,
                "[%.0f, %s]",
                lo,
                Double.isInfinite(hi) ? "unbounded" : String.format(Locale.ROOT, "%.0f", hi))
            : null;
    if (!reachable) {
      String at = String.format(Locale.ROOT, "%.4f", levelsOffAt);
      // A level a hair below the target (0.8999999999999999 for 0.9) rounds to the target itself:
      // "levels off at 0.9000 < 0.9" reads as a contradiction.
      String levelsOff =
          Double.parseDouble(at) >= accuracy
              ? "the curve levels off just below " + Intervals.trim(accuracy)
              : String.format(
                  Locale.ROOT, "the curve levels off at %s < %s", at, Intervals.trim(accuracy));
      if (interval == null || !Double.isFinite(lo)) {
        return "not reachable: " + levelsOff;
      }
      String named =
          Double.isNaN(level) ? "interval " : FitOptions.levelPercent(level) + " interval ";
      return "not reachable by the point estimate (" + levelsOff + "); " + named + interval;
    }
    String s = String.format(Locale.ROOT, "%.0f", n);
    return interval == null ? s : s + " " + interval;
  }
}
