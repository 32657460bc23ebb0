package org.samplesize.fit;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * What the size means alone say about a target: how much worse they fit a curve that levels off at
 * or below it than the best free curve (the gap), and how much worse a curve not yet at it by a
 * given size (the profile statistic, which grows with the size). The curves are those that level
 * off at a free asymptote (pow3, pow4, exp3, mmf4, wbl4), each size's mean weighted by its repeats
 * over its own noise variance as the guard's criterion ({@link GuardChoice#moderatedVariances}).
 *
 * <p>Read as a likelihood ratio, a gap above a cutoff rules out levelling off below the target, and
 * the largest size whose statistic stays under the cutoff is a profile-likelihood upper end for the
 * size the target needs ({@link #upperEnd}). The answer does not use that end. A 90% interval's
 * upper end may lie below the truth on about 5% of curves; on simulated curves, even with the true
 * curve among the families, this one lies below the true size on 28–95% of those where it is given
 * (by truth and noise, at twice the largest size and the cutoff 3.46), and more often overall at
 * larger cutoffs: the means rule out levelling off typically where their noise makes the curve look
 * steeper than it is (docs/method.md, "What is not met"). The answer's {@code --target} upper end
 * stays unbounded where its interval's lower end never reaches the target. This class is kept for
 * that measurement ({@code TargetBoundHarness}) and the corpus check against SciPy's fits ({@code
 * corpus/explore/target_support.py}). Immutable once made.
 */
public final class TargetProfile {
  /** The families that level off at a free asymptote. */
  static final List<CurveFamily> FAMILIES =
      List.of(
          CurveFamily.POW3, CurveFamily.POW4, CurveFamily.EXP3, CurveFamily.MMF4, CurveFamily.WBL4);

  /** Bisection steps in log size between the largest measured size and the largest searched. */
  private static final int STEPS = 40;

  private final Fits fits;
  private final double free;
  private final double gap;
  private final double target;
  private final double scale;
  private final double nu;

  private TargetProfile(
      Fits fits, double free, double gap, double target, double scale, double nu) {
    this.fits = fits;
    this.free = free;
    this.gap = gap;
    this.target = target;
    this.scale = scale;
    this.nu = nu;
  }

  /**
   * @param sizes the curve's sizes, ascending
   * @param target the target accuracy
   * @return the profile, or null when the means give no noise to judge by (no size with two
   *     different values) or no family fits them
   */
  public static TargetProfile of(List<SizeSummary> sizes, double target) {
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
    Fits fits = new Fits(x, y, sw);
    double free = fits.best(null);
    if (!(free < Double.POSITIVE_INFINITY)) {
      return null;
    }
    // A capped fit that failed everywhere says nothing: it must not read as ruled out.
    double capped = fits.best(ConstrainedCoefficients.capped(target));
    double gap = capped < Double.POSITIVE_INFINITY ? capped - free : Double.NaN;
    double nu = Math.max(fewest - 1, 0) + GuardChoice.PRIOR_DF;
    return new TargetProfile(fits, free, gap, target, scale, nu);
  }

  /**
   * @return how much worse the means fit with every asymptote at most the target than free; NaN
   *     when no capped fit succeeded
   */
  public double gap() {
    return gap;
  }

  /**
   * @return the noise variances' degrees of freedom ν at the size with the fewest repeats (its
   *     repeats less one plus the trend's {@link GuardChoice#PRIOR_DF})
   */
  public double degreesOfFreedom() {
    return nu;
  }

  /**
   * The cutoff for an estimated noise variance: the statistic follows F(1, ν) rather than χ² with
   * one degree of freedom, as a t quantile is wider than a normal one.
   *
   * @param level the interval's two-sided level
   * @return the F(1, ν) quantile at the level (3.46 at 90% with five repeats)
   */
  public double cutoff(double level) {
    return new FDistribution(null, 1, nu).inverseCumulativeProbability(level);
  }

  /**
   * How much worse the means fit a curve still at most the target at {@code size} than free;
   * non-decreasing in the size as the constraint tightens, up to the optimiser's error (a few
   * thousandths where a fit stops short of its best). A constrained fit that failed everywhere
   * gives 0: it rules nothing out.
   *
   * @param size a size, in images
   * @return the statistic
   */
  public double statisticAt(double size) {
    return statisticAtScaled(size / scale);
  }

  /** {@link #statisticAt} at a size in units of the largest measured one. */
  private double statisticAtScaled(double x) {
    double notYet = fits.best(ConstrainedCoefficients.notReachedBy(x, target));
    return notYet < Double.POSITIVE_INFINITY ? notYet - free : 0;
  }

  /**
   * The profile-likelihood upper end at a cutoff: the largest size (up to {@link
   * LearningCurveFitter#MAX_SIZE}) whose statistic stays under it, by bisection in log size from
   * the largest measured size on (that size when the statistic already reaches the cutoff there).
   *
   * @param cutoff the cutoff
   * @return the end; NaN when the gap is under the cutoff (levelling off below the target is not
   *     ruled out), +infinity when a curve still below the target at the largest size searched fits
   *     within it
   */
  public double upperEnd(double cutoff) {
    if (!(gap >= cutoff)) {
      return Double.NaN;
    }
    double lo = 0;
    double hi = Math.log(LearningCurveFitter.MAX_SIZE / scale);
    if (statisticAtScaled(Math.exp(hi)) < cutoff) {
      return Double.POSITIVE_INFINITY;
    }
    for (int step = 0; step < STEPS; step++) {
      double mid = (lo + hi) / 2;
      if (statisticAtScaled(Math.exp(mid)) < cutoff) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return scale * Math.exp(lo);
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
          starts = Arrays.copyOf(starts, starts.length + 1);
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
