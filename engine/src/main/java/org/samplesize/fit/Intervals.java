package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/** Rules that every bootstrap interval of a fit follows, and the warnings about them. */
final class Intervals {
  private Intervals() {}

  /**
   * How much a bootstrap replicate widens the deviations of {@code r} repeats from their mean:
   * √(r/(r−1)) gives the replicate means the sample variance instead of the smaller plug-in one,
   * and t(r−1)/z at the interval's level accounts for that variance being estimated from r − 1
   * degrees of freedom (a percentile bootstrap otherwise treats it as known). Without the second
   * factor the 90% interval covered about 83% in the simulations of IntervalCoverageTest (4 sizes,
   * 5 repeats); with it about 92%. 1 for a single repeat.
   */
  static double spread(int r, double level) {
    if (r < 2) {
      return 1;
    }
    double q = 1 - (1 - level) / 2;
    double t = new TDistribution(null, r - 1.0).inverseCumulativeProbability(q);
    double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(q);
    return Math.sqrt(r / (r - 1.0)) * t / z;
  }

  /**
   * The interval extended, when it must be, to hold its point estimate: {lo, hi, 1 when extended
   * else 0}. A percentile interval can miss the fit's own value when the replicates centre away
   * from it (a skewed or biased bootstrap, very few replicates, or a level so low that the interval
   * shrinks to the replicates' median); an interval that excludes the point estimate reads as a
   * contradiction, and moving the point would change the estimate. Extending the nearer end to the
   * point only widens the interval, so its coverage can only grow; the caller warns. An unreachable
   * target's point is +infinity, so its interval then reaches "unbounded". Intervals that are not
   * there (NaN, bootstrap off or every replicate failed) and points that are not numbers stay as
   * they are.
   *
   * @param point the point estimate (+infinity for a target not reached)
   * @param iv {lo, hi}
   * @return {lo, hi, extended}
   */
  static double[] holdPoint(double point, double[] iv) {
    double lo = iv[0];
    double hi = iv[1];
    if (Double.isNaN(point) || Double.isNaN(lo) || Double.isNaN(hi)) {
      return new double[] {lo, hi, 0};
    }
    if (point < lo) {
      return new double[] {point, hi, 1};
    }
    if (point > hi) {
      return new double[] {lo, point, 1};
    }
    return new double[] {lo, hi, 0};
  }

  /**
   * The warning for intervals whose ends rest on few replicates: fewer than {@value
   * #MIN_TAIL_REPLICATES} beyond each end at the level asked (e.g. {@code --bootstrap 1}, or 50 at
   * 90%); null when there are enough.
   */
  static String fewReplicatesWarning(int b, double level) {
    double tail = b * (1 - level) / 2;
    if (tail + 1e-9 >= MIN_TAIL_REPLICATES) { // 100 at 90% is 4.999… in floating point
      return null;
    }
    long need = (long) Math.ceil(2 * MIN_TAIL_REPLICATES / (1 - level));
    return String.format(
        Locale.ROOT,
        "only %d bootstrap replicate%s: each end of the %s interval rests on %s, so the"
            + " interval is rough and may be far too narrow; use --bootstrap %d or more",
        b,
        b == 1 ? "" : "s",
        FitOptions.levelPercent(level),
        tail < 1 ? "less than one replicate" : String.format(Locale.ROOT, "%.1f replicates", tail),
        Math.max(need, FitOptions.DEFAULT_BOOTSTRAP));
  }

  /** Replicates beyond each end of the interval below which {@link #fewReplicatesWarning} warns. */
  static final double MIN_TAIL_REPLICATES = 5;

  /**
   * Whether every size has a single row: the bootstrap draws repeats within each size, so a size
   * with one row is the same in every replicate and its noise cannot enter the intervals.
   *
   * @param data the curve
   * @return true when no size has two rows or more
   */
  static boolean noSizeHasRepeats(CurveData data) {
    for (double[] values : data.valuesView()) {
      if (values.length >= 2) {
        return false;
      }
    }
    return true;
  }

  /**
   * Warnings about sizes without repeats (see {@link #noSizeHasRepeats}: then no interval is given
   * at all).
   *
   * @param data the curve
   * @return the warnings, none when every size has repeats
   */
  static List<String> repeatWarnings(CurveData data) {
    if (noSizeHasRepeats(data)) {
      return List.of(
          "no size has repeats (one row per size): the bootstrap resamples repeats within each"
              + " size, so it cannot measure the noise of the accuracies and no interval is given;"
              + " train several models (repeats) per size");
    }
    List<String> single = new ArrayList<>();
    for (int i = 0; i < data.sizeCount(); i++) {
      if (data.valuesView()[i].length < 2) {
        single.add(CurveData.formatSize(data.size(i)));
      }
    }
    List<String> out = new ArrayList<>();
    if (!single.isEmpty()) {
      out.add(
          "size"
              + (single.size() == 1 ? " " : "s ")
              + String.join(", ", single)
              + (single.size() == 1 ? " has" : " have")
              + " one row: the bootstrap cannot vary "
              + (single.size() == 1 ? "it" : "them")
              + ", so the intervals understate the noise there; add repeats");
    }
    // Repeats that all read the same, as recall on a handful of test images often does: every
    // replicate draws the same mean there, and a per-class interval held its lower end above the
    // mean measured at a larger size, whose repeats differed by 9 points.
    List<String> equal = new ArrayList<>();
    for (int i = 0; i < data.sizeCount(); i++) {
      double[] v = data.valuesView()[i];
      if (v.length >= 2 && java.util.Arrays.stream(v).allMatch(x -> x == v[0])) {
        equal.add(CurveData.formatSize(data.size(i)));
      }
    }
    if (!equal.isEmpty()) {
      out.add(
          "the repeats at size"
              + (equal.size() == 1 ? " " : "s ")
              + String.join(", ", equal)
              + " all read the same: the bootstrap cannot vary "
              + (equal.size() == 1 ? "that size" : "those sizes")
              + ", so the intervals understate the noise there (equal values usually mean a test"
              + " set too small to tell the models apart); add test examples or repeats");
    }
    return out;
  }
}
