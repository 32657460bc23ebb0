package org.samplesize.fit;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * What the size means alone say about the largest size a target can need: whether they rule out
 * every curve that levels off at or below the target, and, where they do, the profile-likelihood
 * upper end, the largest size by which a curve not yet at the target still fits them.
 *
 * <p>The default answer's {@code --target} interval is unbounded above when its lower end never
 * reaches the target: the guard levels off, and the interval cannot rule out that the curve has
 * (docs/method.md). Where the means themselves rule that out, this gives the bound the data
 * support. The curves are those that level off at a free asymptote (pow3, pow4, exp3, mmf4, wbl4),
 * each size's mean weighted by its repeats over its own noise variance as the guard's criterion
 * ({@link GuardChoice#moderatedVariances}). With {@code χ²} the smallest weighted squared miss over
 * them:
 *
 * <ul>
 *   <li>the means rule out levelling off at or below the target when {@code χ²} with every
 *       asymptote at most the target exceeds the free {@code χ²} by the cutoff;
 *   <li>the upper end is the largest size {@code N} (up to {@link LearningCurveFitter#MAX_SIZE}) at
 *       which {@code χ²} with the curve at most the target at {@code N} stays within the cutoff of
 *       the free one.
 * </ul>
 *
 * <p>The cutoff is the F(1, ν) distribution's quantile at the interval's level, ν the noise
 * variances' degrees of freedom at the size with the fewest repeats (its repeats less one plus the
 * trend's {@link GuardChoice#PRIOR_DF}): the variances are estimated from a few repeats, so the
 * known-variance cutoff (χ² with one degree of freedom, 2.71 at 90%) is too sure, as a t quantile
 * is wider than a normal one. On the corpus of real curves the known-variance cutoff ruled out
 * levelling off on 5 of 276 curves at twice the largest size, and its upper end lay below the size
 * where the target was measured on 2 of them; with five repeats (ν = 8, cutoff 3.46) it rules it
 * out on 2, and holds the truth on both (docs/method.md). Stateless.
 */
final class TargetBound {
  /** The families that level off at a free asymptote. */
  static final List<CurveFamily> FAMILIES =
      List.of(
          CurveFamily.POW3, CurveFamily.POW4, CurveFamily.EXP3, CurveFamily.MMF4, CurveFamily.WBL4);

  /** Bisection steps in log size between the largest measured size and the largest searched. */
  private static final int STEPS = 40;

  private TargetBound() {}

  /**
   * A bound the means support.
   *
   * @param size the upper end: the largest size by which a curve not yet at the target still fits
   * @param gap how much worse the means fit with every asymptote at most the target
   * @param cutoff the gap at which the means rule that out
   * @param degreesOfFreedom the noise variances' degrees of freedom ν behind the cutoff
   */
  record Bound(double size, double gap, double cutoff, double degreesOfFreedom) {
    /**
     * @param target the target
     * @param shown the upper end as the answer gives it (rounded up)
     * @param level the interval's level
     * @return the warning that says where the upper end comes from
     */
    String warning(double target, double shown, double level) {
      return String.format(
          Locale.ROOT,
          "the interval's lower end never reaches %s, but the size means rule out a curve that"
              + " levels off at or below it (their fit is worse by %.1f, more than the %s cutoff"
              + " %.2f of F(1, %.0f)); the upper end for %s, %s, is the largest size by which a"
              + " curve not yet at it still fits them",
          Percent.fraction(target),
          gap,
          FitOptions.levelPercent(level),
          cutoff,
          degreesOfFreedom,
          Percent.fraction(target),
          CurveData.formatSize(shown));
    }
  }

  /**
   * @param sizes the curve's sizes, ascending
   * @param target the target accuracy
   * @param level the interval's two-sided level
   * @return the bound, or null when the means do not rule out a curve that levels off at or below
   *     the target (or give no noise to judge it by: no size with two different values)
   */
  static Bound of(List<SizeSummary> sizes, double target, double level) {
    double[] variance = GuardChoice.moderatedVariances(sizes);
    if (variance == null) {
      return null;
    }
    int m = sizes.size();
    double scale = sizes.get(m - 1).size();
    double[] x = new double[m];
    double[] y = new double[m];
    double[] sw = new double[m];
    int fewest = Integer.MAX_VALUE;
    for (int i = 0; i < m; i++) {
      SizeSummary s = sizes.get(i);
      x[i] = s.size() / scale;
      y[i] = s.mean();
      sw[i] = Math.sqrt(s.repeats() / variance[i]);
      fewest = Math.min(fewest, s.repeats());
      if (!(sw[i] < Double.POSITIVE_INFINITY)) {
        return null;
      }
    }
    double nu = Math.max(fewest - 1, 0) + GuardChoice.PRIOR_DF;
    double cutoff = new FDistribution(null, 1, nu).inverseCumulativeProbability(level);
    Fits fits = new Fits(x, y, sw);
    double free = fits.best(null);
    double capped = fits.best(ConstrainedCoefficients.capped(target));
    // A capped fit that failed everywhere says nothing: it must not count as ruled out.
    double gap = capped - free;
    if (!(free < Double.POSITIVE_INFINITY)
        || !(capped < Double.POSITIVE_INFINITY)
        || !(gap >= cutoff)) {
      return null;
    }
    double lo = 0;
    double hi = Math.log(LearningCurveFitter.MAX_SIZE / scale);
    // Ruling out an asymptote at or below the target does not rule out a curve still below it at
    // the largest size searched (one that rises slowly enough): then there is no bound.
    if (stillFits(fits, Math.exp(hi), target, free, cutoff)) {
      return null;
    }
    for (int step = 0; step < STEPS; step++) {
      double mid = (lo + hi) / 2;
      if (stillFits(fits, Math.exp(mid), target, free, cutoff)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new Bound(scale * Math.exp(lo), gap, cutoff, nu);
  }

  /**
   * Whether a curve not yet at the target by scaled size {@code x} fits within the cutoff of the
   * free fit; a constrained fit that failed everywhere counts as fitting (it rules nothing out, and
   * the bound errs larger).
   */
  private static boolean stillFits(Fits fits, double x, double target, double free, double cutoff) {
    double notYet = fits.best(ConstrainedCoefficients.notReachedBy(x, target));
    return !(notYet < Double.POSITIVE_INFINITY) || notYet - free < cutoff;
  }

  /** The families' fits to one curve's means, the free fits' theta kept as extra starts. */
  private static final class Fits {
    private final double[] x;
    private final double[] y;
    private final double[] sw;
    private final double[][] freeTheta = new double[FAMILIES.size()][];

    Fits(double[] x, double[] y, double[] sw) {
      this.x = x;
      this.y = y;
      this.sw = sw;
    }

    /**
     * The smallest weighted squared miss over the families, free ({@code constraints} null) or
     * constrained; +infinity when no family fits.
     */
    double best(ConstrainedCoefficients constraints) {
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < FAMILIES.size(); i++) {
        CurveFamily f = FAMILIES.get(i);
        if (x.length < f.parameterCount()) {
          continue;
        }
        double[][] starts = f.thetaStarts();
        if (freeTheta[i] != null) {
          starts = java.util.Arrays.copyOf(starts, starts.length + 1);
          starts[starts.length - 1] = freeTheta[i];
        }
        double[] p =
            LeastSquares.fitBest(
                f, x, y, sw, starts, constraints == null ? LeastSquares::solveLinear : constraints);
        if (p == null) {
          continue;
        }
        if (constraints == null) {
          freeTheta[i] = f.theta(p);
        }
        best = Math.min(best, LeastSquares.cost(f, x, y, sw, p));
      }
      return best;
    }
  }
}
