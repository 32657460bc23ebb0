package org.samplesize.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One curve family fitted to one curve: parameters, goodness of fit, the leave-last-size-out
 * extrapolation error, predictions and targets with intervals; or the reason it was skipped.
 * Immutable.
 */
public final class FamilyFit {
  private final CurveFamily family;
  private final FitMethod method;
  private final String skipped;
  private final double[] scaledParams;
  private final double scale;
  private final Map<String, Double> params;
  private final double sse;
  private final double mse;
  private final double mae;
  private final double aicc;
  private final double looError;
  private final List<Prediction> predictions;
  private final List<TargetEstimate> targets;
  private final double[][] bootstrapParams;
  private final int bootstrapFailures;
  private final double level;

  FamilyFit(
      CurveFamily family,
      FitMethod method,
      double[] scaledParams,
      double scale,
      double sse,
      double mse,
      double mae,
      double aicc,
      double looError,
      List<Prediction> predictions,
      List<TargetEstimate> targets,
      double[][] bootstrapParams,
      int bootstrapFailures,
      double level) {
    this.family = family;
    this.method = method;
    this.skipped = null;
    this.scaledParams = scaledParams.clone();
    this.scale = scale;
    double[] nat = family.toNatural(scaledParams, scale);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < nat.length; i++) {
      m.put(family.parameterNames().get(i), nat[i]);
    }
    this.params = Collections.unmodifiableMap(m);
    this.sse = sse;
    this.mse = mse;
    this.mae = mae;
    this.aicc = aicc;
    this.looError = looError;
    this.predictions = List.copyOf(predictions);
    this.targets = List.copyOf(targets);
    this.bootstrapParams = bootstrapParams;
    this.bootstrapFailures = bootstrapFailures;
    this.level = level;
  }

  private FamilyFit(CurveFamily family, FitMethod method, String reason) {
    this.family = family;
    this.method = method;
    this.skipped = reason;
    this.scaledParams = null;
    this.scale = Double.NaN;
    this.params = Map.of();
    this.sse = Double.NaN;
    this.mse = Double.NaN;
    this.mae = Double.NaN;
    this.aicc = Double.NaN;
    this.looError = Double.NaN;
    this.predictions = List.of();
    this.targets = List.of();
    this.bootstrapParams = new double[0][];
    this.bootstrapFailures = 0;
    this.level = Double.NaN;
  }

  static FamilyFit skipped(CurveFamily family, FitMethod method, String reason) {
    return new FamilyFit(family, method, reason);
  }

  /**
   * @return the family
   */
  public CurveFamily family() {
    return family;
  }

  /**
   * @return how the parameters were estimated
   */
  public FitMethod method() {
    return method;
  }

  /**
   * @return whether the family was fitted (not skipped)
   */
  public boolean fitted() {
    return skipped == null;
  }

  /**
   * @return why the family was skipped (too few sizes, no convergence), or null when it was fitted
   */
  public String skipped() {
    return skipped;
  }

  /**
   * @return the parameters of {@link CurveFamily#formula()} in {@code n}, by name; empty when
   *     skipped
   */
  public Map<String, Double> params() {
    return params;
  }

  /**
   * @return sum of squared residuals over all rows (unweighted)
   */
  public double sse() {
    return sse;
  }

  /**
   * @return mean squared error of the curve against the size means (the recipe's loss)
   */
  public double mse() {
    return mse;
  }

  /**
   * @return mean absolute error of the curve against the size means (what the recipe reports)
   */
  public double mae() {
    return mae;
  }

  /**
   * @return corrected Akaike information criterion of the (weighted) least-squares fit over all
   *     rows, counting the noise variance as a parameter (k + 1 for a family of k parameters); NaN
   *     when there are too few rows for the correction
   */
  public double aicc() {
    return aicc;
  }

  /**
   * @return |prediction − observed mean| at the largest size when fitted without it; NaN when the
   *     remaining sizes cannot support the family
   */
  public double looError() {
    return looError;
  }

  /**
   * @return the predictions asked for, in order
   */
  public List<Prediction> predictions() {
    return predictions;
  }

  /**
   * @return the target estimates asked for, in order
   */
  public List<TargetEstimate> targets() {
    return targets;
  }

  /**
   * @return the two-sided level of the intervals, e.g. 0.9; NaN when skipped
   */
  public double level() {
    return level;
  }

  /**
   * @return bootstrap replicates that did not converge and were left out of the intervals
   */
  public int bootstrapFailures() {
    return bootstrapFailures;
  }

  /**
   * @return bootstrap replicates that went into the intervals
   */
  public int bootstrapReplicates() {
    int n = 0;
    for (double[] p : bootstrapParams) {
      if (p != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * The fitted curve's value, clamped to [0, 1]: every metric is a fraction (the reader rejects
   * others), and pow2, log2 and vap3 are unbounded, so far out they would predict an accuracy above
   * 1.
   *
   * @param n training-set size
   * @return accuracy at {@code n}
   * @throws IllegalStateException when the family was skipped
   */
  public double predict(double n) {
    requireFitted();
    return clampToUnit(family.value(n / scale, scaledParams));
  }

  /** {@code v} clamped to [0, 1]; NaN stays NaN. */
  static double clampToUnit(double v) {
    return Double.isNaN(v) ? v : Math.max(0, Math.min(1, v));
  }

  /**
   * The bootstrap percentile interval of the curve's value at {@code n}, at the fit's level.
   *
   * @param n training-set size
   * @return {lo, hi}, or null when the bootstrap was off
   * @throws IllegalStateException when the family was skipped
   */
  public double[] interval(double n) {
    requireFitted();
    if (bootstrapReplicates() == 0) {
      return null;
    }
    double[] v = replicateValues(n);
    return Percentiles.interval(v, level);
  }

  /** Curve values of every converged replicate at {@code n}. */
  double[] replicateValues(double n) {
    double x = n / scale;
    double[] v = new double[bootstrapReplicates()];
    int k = 0;
    for (double[] p : bootstrapParams) {
      if (p != null) {
        v[k++] = clampToUnit(family.value(x, p));
      }
    }
    return v;
  }

  double[] scaledParams() {
    return scaledParams.clone();
  }

  double scale() {
    return scale;
  }

  private void requireFitted() {
    if (skipped != null) {
      throw new IllegalStateException(family.id() + " was skipped: " + skipped);
    }
  }
}
