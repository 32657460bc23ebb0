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
 * @param lo lower end of the interval, never above {@code n} and never below the smallest measured
 *     size unless {@code n} is (below it the curves are an extrapolation backwards and the ends of
 *     an interval are searched from it); NaN when the bootstrap is off
 * @param hi upper end of the interval, never below {@code n}; +infinity when more than the upper
 *     tail of the replicates never reach the target, or when the point estimate does not reach it;
 *     NaN when the bootstrap is off
 * @param reachable whether the fitted curve reaches the target at all (below {@link
 *     LearningCurveFitter#MAX_SIZE})
 * @param levelsOffAt when not reachable: the value the curve levels off at (its asymptote, or its
 *     value at {@link LearningCurveFitter#MAX_SIZE} for curves without one); NaN otherwise
 * @param loAtMost whether {@code lo} is the smallest measured size because the interval already
 *     reaches the target there: the measurements say only that the target may be met with that many
 *     images or fewer, so the lower end reads "at most {@code lo}"
 * @param falls when not reachable: whether the curve falls after {@code levelsOffAt}, its highest
 *     value, instead of levelling off there (a class whose recall was 20% at 1 image and 0% at 2
 *     and 5): "levels off at 20.0%" would then contradict its value at larger sizes, so the words
 *     say "never rises above 20.0%" ({@link Percent#levelsOffBelow(double, double, boolean)})
 */
public record TargetEstimate(
    double accuracy,
    double n,
    double lo,
    double hi,
    boolean reachable,
    double levelsOffAt,
    boolean loAtMost,
    boolean falls) {

  /**
   * A target estimate whose curve, when it does not reach the target, levels off ({@code falls}
   * false).
   *
   * @param accuracy the target
   * @param n the size, NaN when not reachable
   * @param lo lower end of the interval
   * @param hi upper end of the interval
   * @param reachable whether the curve reaches the target
   * @param levelsOffAt where the curve levels off when it does not
   * @param loAtMost whether the lower end reads "at most"
   */
  public TargetEstimate(
      double accuracy,
      double n,
      double lo,
      double hi,
      boolean reachable,
      double levelsOffAt,
      boolean loAtMost) {
    this(accuracy, n, lo, hi, reachable, levelsOffAt, loAtMost, false);
  }

  /**
   * A target estimate whose lower end is where the interval reaches the target ({@code loAtMost}
   * false).
   *
   * @param accuracy the target
   * @param n the size, NaN when not reachable
   * @param lo lower end of the interval
   * @param hi upper end of the interval
   * @param reachable whether the curve reaches the target
   * @param levelsOffAt where the curve levels off when it does not
   */
  public TargetEstimate(
      double accuracy, double n, double lo, double hi, boolean reachable, double levelsOffAt) {
    this(accuracy, n, lo, hi, reachable, levelsOffAt, false, false);
  }

  /**
   * @return whether an interval was computed
   */
  public boolean hasInterval() {
    return !Double.isNaN(lo);
  }

  /**
   * @return whether the whole interval is "at most {@link #lo()}": the interval reaches the target
   *     at the smallest size measured and so does its other end (a target below every measured
   *     mean), so "at most 40 to 40" says no more than "at most 40"
   */
  public boolean atMostOnly() {
    return loAtMost && hi == lo;
  }

  /**
   * One line for people, without the interval's level: {@link #describe(double)} with NaN.
   *
   * @return e.g. {@code "1843 [1201, 3310]"} or {@code "not reachable: the curve levels off at
   *     93.1%, below 95%"}
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
   * @return e.g. {@code "1843 [1201, 3310]"}, {@code "4015 [at most 40, unbounded]"}, {@code "not
   *     reachable: the curve levels off at 93.1%, below 95%"} or {@code "not reachable by the point
   *     estimate (the curve levels off at 90.8%, below 95%); 90% interval [2513, unbounded]"}
   */
  public String describe(double level) {
    String interval =
        !hasInterval()
            ? null
            : atMostOnly()
                ? String.format(Locale.ROOT, "[at most %.0f]", lo)
                : String.format(
                    Locale.ROOT,
                    "[%s%.0f, %s]",
                    loAtMost ? "at most " : "",
                    lo,
                    Double.isInfinite(hi) ? "unbounded" : String.format(Locale.ROOT, "%.0f", hi));
    if (!reachable) {
      // Percentages, as every other text prints accuracies; a level a hair below the target
      // (0.8999999999999999 for 0.9) says "just below" rather than the target itself.
      String levelsOff = "the curve " + Percent.levelsOffBelow(levelsOffAt, accuracy, falls);
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
