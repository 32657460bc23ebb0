package org.samplesize.fit;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How the default answer's interval is calibrated: beyond the largest size the interval is {@code
 * point + [lower(g), upper(g)] · s(n)}, where {@code g = log2(n / largest size)} and {@code s(n) =
 * √(h² + d²)} (at least {@link #floor()}): {@code h} the mean over the averaged families of the
 * half-width of each family's own bootstrap interval at {@code n}, {@code d} the standard deviation
 * of the families' values there (how much they disagree). {@code lower}, {@code upper} were learned
 * on a corpus of real learning curves (see docs/method.md): the 5th and 95th percentiles of the
 * standardised errors {@code (truth − point) / s}, scaled down together until the interval, joined
 * with the guard's ({@link #guards()}), covers the truth at the level. Between the anchors {@code g
 * = 0} (where the interval is {@code point ± s}) and {@link #steps()} the multipliers are
 * interpolated linearly, beyond the last anchor extrapolated with the last slope; a farther anchor
 * is never narrower than a nearer one. Immutable.
 *
 * @param families the families whose mean is the answer
 * @param steps the anchors: doublings beyond the largest size, ascending, positive
 * @param lower the lower multiplier at each anchor (negative)
 * @param upper the upper multiplier at each anchor (positive)
 * @param floor the smallest scale {@code s}, in metric units
 * @param level the two-sided level the multipliers were learned for
 * @param guards the families that may guard the interval: the one of them the size means support
 *     best ({@link GuardChoice}) joins its own interval, shrunk toward its value to {@link
 *     #guardShare}, to the calibrated one, so that a curve that levels off harder (or rises longer)
 *     than the mean expects is still covered; empty for none
 * @param guardMinShare the share of the guard's own interval that is joined when the size means
 *     support the best rival family far better than the guard, in (0, 1]; it grows to 1 as they
 *     support the guard better
 */
public record AnswerCalibration(
    List<CurveFamily> families,
    double[] steps,
    double[] lower,
    double[] upper,
    double floor,
    double level,
    List<CurveFamily> guards,
    double guardMinShare) {

  /** Validates and copies. */
  public AnswerCalibration {
    families = List.copyOf(families);
    guards = List.copyOf(guards);
    if (!(guardMinShare > 0 && guardMinShare <= 1)) {
      throw new IllegalArgumentException("guardMinShare must be in (0, 1], got " + guardMinShare);
    }
    steps = steps.clone();
    lower = lower.clone();
    upper = upper.clone();
    if (steps.length == 0 || steps.length != lower.length || steps.length != upper.length) {
      throw new IllegalArgumentException("steps, lower and upper need the same positive length");
    }
    for (int i = 0; i < steps.length; i++) {
      if (!(steps[i] > (i == 0 ? 0 : steps[i - 1]))) {
        throw new IllegalArgumentException("steps must be positive and ascending");
      }
    }
    if (!(floor >= 0) || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException("floor must be >= 0 and level in (0, 1)");
    }
  }

  /** The families averaged by the default answer: every curve family, not the flat baseline. */
  public static final List<CurveFamily> MEAN_FAMILIES =
      List.of(
          CurveFamily.POW2,
          CurveFamily.POW3,
          CurveFamily.POW4,
          CurveFamily.EXP3,
          CurveFamily.LOG2,
          CurveFamily.VAP3,
          CurveFamily.MMF4,
          CurveFamily.WBL4);

  /**
   * The families that may guard the interval: the flexible and the hard-levelling ones, which
   * follow a curve of any of the shapes the others miss.
   */
  public static final List<CurveFamily> GUARD_FAMILIES =
      List.of(CurveFamily.POW4, CurveFamily.EXP3, CurveFamily.MMF4, CurveFamily.WBL4);

  /**
   * The least share of the guard's own interval joined to the calibrated one (see {@link
   * #guardShare}). Chosen on the simulated single-family curves at the answer's own 1000 bootstrap
   * replicates (docs/method.md): of the shares tried, the one whose range of coverage over the
   * simulated truths is centred on the nominal 90%. The corpus cannot choose it, as the band's
   * multipliers are learned there for whatever share is given.
   */
  public static final double GUARD_MIN_SHARE = 0.45;

  /**
   * The shipped calibration, learned on the whole corpus ({@code corpus/evaluate.sh} prints it;
   * docs/method.md has the held-out scores).
   */
  public static final AnswerCalibration DEFAULT =
      new AnswerCalibration(
          MEAN_FAMILIES,
          new double[] {1, 2, 3},
          new double[] {-0.395, -0.401, -0.426},
          new double[] {0.399, 0.439, 0.295},
          0.001,
          0.90,
          GUARD_FAMILIES,
          GUARD_MIN_SHARE);

  /**
   * The share of the guard's own interval that is joined: {@code m + (1 − m)·w}, {@code m} the
   * {@link #guardMinShare}, so 45% of it (at the default {@code m = 0.45}) when the size means
   * support the best rival family far better, all of it when they support the guard far better.
   *
   * @param weight the guard's Akaike weight against the best rival ({@link GuardChoice}), in [0, 1]
   * @return the share, in [{@code guardMinShare}, 1]
   */
  public double guardShare(double weight) {
    return guardMinShare + (1 - guardMinShare) * weight;
  }

  /**
   * The multipliers at {@code g} doublings beyond the largest size, for an interval at {@code
   * level} (a level other than the calibration's scales them by the ratio of normal quantiles).
   *
   * @param g doublings beyond the largest size (≤ 0: within the data)
   * @param at the interval's level
   * @return {lower, upper}
   */
  public double[] multipliers(double g, double at) {
    // Farther extrapolation never gets a narrower band: each anchor's multipliers are at least as
    // wide as those of the anchors before it.
    double[] lower = this.lower.clone();
    double[] upper = this.upper.clone();
    for (int i = 1; i < lower.length; i++) {
      lower[i] = Math.min(lower[i], lower[i - 1]);
      upper[i] = Math.max(upper[i], upper[i - 1]);
    }
    double lo;
    double hi;
    int k = steps.length - 1;
    if (g <= 0) {
      lo = -1;
      hi = 1;
    } else if (g <= steps[0]) {
      double t = g / steps[0];
      lo = -1 + t * (lower[0] + 1);
      hi = 1 + t * (upper[0] - 1);
    } else if (k == 0) {
      lo = lower[0];
      hi = upper[0];
    } else {
      int i = 0;
      while (i < k - 1 && g > steps[i + 1]) {
        i++;
      }
      double t = (g - steps[i]) / (steps[i + 1] - steps[i]);
      lo = lower[i] + t * (lower[i + 1] - lower[i]);
      hi = upper[i] + t * (upper[i + 1] - upper[i]);
      if (g > steps[k]) {
        // Beyond the last anchor the last slope goes on, but the interval never narrows.
        lo = Math.min(lo, lower[k]);
        hi = Math.max(hi, upper[k]);
      }
    }
    if (Math.abs(at - level) > 1e-12) {
      NormalDistribution z = new NormalDistribution(null, 0, 1);
      double f =
          z.inverseCumulativeProbability(0.5 + at / 2)
              / z.inverseCumulativeProbability(0.5 + level / 2);
      lo *= f;
      hi *= f;
    }
    return new double[] {lo, hi};
  }

  /**
   * How far the interval was checked on real curves, as a multiple of the largest measured size: 2
   * to the farthest anchor (8 for the default's 1, 2 and 3 doublings). Answers beyond it rest on
   * the curves' shapes alone, which the warnings say.
   *
   * @return the multiple
   */
  public double checkedUpTo() {
    return Math.pow(2, steps[steps.length - 1]);
  }
}
