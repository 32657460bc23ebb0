package org.samplesize.fit;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Picks the default answer's guard ({@link AnswerCalibration#guards()}): the candidate family whose
 * curve the size means support best, by an AICc in which every size's mean counts with its own
 * noise, and how much of its own interval the answer joins: more the better the means support it
 * than the best of the averaged families that cannot guard.
 *
 * <p>Why not the family's row AICc: that one pools every row into one noise variance, so on a real
 * learning curve, whose smallest sizes vary several times more between repeats than its largest, it
 * is dominated by the smallest sizes and hardly sees a family miss the largest ones, which are what
 * the extrapolation follows. On a tf_flowers head curve, for one, it preferred a family three
 * standard errors off the mean at the largest size, whose interval then sat 8 points below the
 * answer. Here the criterion is {@code χ² + 2k + 2k(k + 1)/(N − k − 1)}: {@code χ² = Σ r_i (ȳ_i −
 * f(n_i))² / σ_i²} over the sizes, {@code k} the family's parameters, {@code N} the rows. {@code
 * σ_i²} is the repeats' sample variance at size {@code i} moderated toward a log-linear trend of
 * the standard deviation over log size (worth {@link #PRIOR_DF} degrees of freedom), because five
 * repeats estimate a variance poorly, and a size with one repeat has none of its own.
 *
 * <p>The guard's weight is its Akaike weight against the best of the rivals (the averaged families
 * that cannot guard) by the same criterion, {@code 1 / (1 + exp((S_guard − S_rival) / 2))}: near 1
 * when the means support a curve that levels off (or bends) as the guard does clearly better than
 * one that rises longer (pow2, pow3, log2, vap3), near 0 when they support that one, ½ when they
 * cannot tell. The answer joins more of the guard's interval the larger the weight ({@link
 * AnswerCalibration#guardShare}). Stateless.
 */
final class GuardChoice {
  /** Degrees of freedom of the log-linear variance trend in the moderated variance. */
  static final double PRIOR_DF = 4;

  private GuardChoice() {}

  /**
   * The chosen guard.
   *
   * @param fit the guard family
   * @param weight its Akaike weight against the best rival, in [0, 1]; 1 when no rival has a finite
   *     score
   */
  record Guard(FamilyFit fit, double weight) {}

  /**
   * @param candidates the fitted guard families
   * @param rivals the fitted families the guard is weighed against (the averaged ones that cannot
   *     guard)
   * @param sizes the curve's sizes, ascending
   * @return the candidate with the smallest criterion and its weight; both by row AICc when the
   *     repeats give no variance (no size with two different values) or no candidate a finite
   *     criterion (too few rows, or a trend so steep that its variance underflows to 0 at a size);
   *     null when no candidate has a finite score either way
   */
  static Guard choose(List<FamilyFit> candidates, List<FamilyFit> rivals, List<SizeSummary> sizes) {
    double[] variance = moderatedVariances(sizes);
    ToDoubleFunction<FamilyFit> criterion =
        variance == null ? FamilyFit::aicc : f -> score(f, sizes, variance);
    FamilyFit best = smallest(candidates, criterion);
    if (best == null && variance != null) {
      criterion = FamilyFit::aicc;
      best = smallest(candidates, criterion);
    }
    if (best == null) {
      return null;
    }
    FamilyFit rival = smallest(rivals, criterion);
    double weight =
        rival == null
            ? 1
            : 1
                / (1
                    + Math.exp(
                        (criterion.applyAsDouble(best) - criterion.applyAsDouble(rival)) / 2));
    return new Guard(best, weight);
  }

  /** The candidate with the smallest finite score, the first of equals; null when none. */
  private static FamilyFit smallest(
      List<FamilyFit> candidates, ToDoubleFunction<FamilyFit> criterion) {
    FamilyFit best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (FamilyFit f : candidates) {
      double s = criterion.applyAsDouble(f);
      if (Double.isFinite(s) && s < bestScore) {
        best = f;
        bestScore = s;
      }
    }
    return best;
  }

  /** The criterion of one family (see the class comment); NaN when the rows are too few. */
  static double score(FamilyFit f, List<SizeSummary> sizes, double[] variance) {
    int rows = 0;
    double chi2 = 0;
    for (int i = 0; i < sizes.size(); i++) {
      SizeSummary s = sizes.get(i);
      double e = s.mean() - f.predict(s.size());
      chi2 += s.repeats() * e * e / variance[i];
      rows += s.repeats();
    }
    int k = f.family().parameterCount();
    return rows - k - 1 > 0 ? chi2 + 2.0 * k + 2.0 * k * (k + 1) / (rows - k - 1) : Double.NaN;
  }

  /**
   * Each size's noise variance: its repeats' sample variance, moderated toward the log-linear trend
   * of the sample standard deviations over log size (fitted on the sizes with two or more repeats
   * and some spread; flat when only one such size).
   *
   * @return per size the variance, or null when no size has two different values
   */
  static double[] moderatedVariances(List<SizeSummary> sizes) {
    int m = sizes.size();
    double[] sample = new double[m];
    SimpleRegression trendFit = new SimpleRegression();
    double sumLogSd = 0;
    for (int i = 0; i < m; i++) {
      SizeSummary s = sizes.get(i);
      sample[i] = s.sampleVariance();
      if (sample[i] > 0) {
        double logSd = 0.5 * Math.log(sample[i]);
        trendFit.addData(Math.log(s.size()), logSd);
        sumLogSd += logSd;
      }
    }
    if (trendFit.getN() == 0) {
      return null;
    }
    // Flat at the mean log sd when one size (or one distinct size) has spread.
    double slope = trendFit.getSlope();
    double intercept = trendFit.getIntercept();
    if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
      slope = 0;
      intercept = sumLogSd / trendFit.getN();
    }
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      SizeSummary s = sizes.get(i);
      double trend = Math.exp(2 * (intercept + slope * Math.log(s.size())));
      double df = Math.max(s.repeats() - 1, 0);
      out[i] = (df * sample[i] + PRIOR_DF * trend) / (df + PRIOR_DF);
    }
    return out;
  }
}
