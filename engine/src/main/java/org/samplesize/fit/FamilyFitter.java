package org.samplesize.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits one family to one curve: to the full data, without the largest size (for the
 * leave-last-size-out score), to a bootstrap replicate, and puts its row together.
 */
final class FamilyFitter {
  private final FitOptions options;

  FamilyFitter(FitOptions options) {
    this.options = options;
  }

  /**
   * A family fitted to the full data and without the largest size.
   *
   * @param family the family
   * @param params its parameters in scaled sizes, null when skipped
   * @param skipped why it was skipped, null when fitted
   * @param looParams the fit without the largest size, null when not scored
   * @param looError its absolute error at the largest size, NaN when not scored
   * @param looWhyNot why it got no leave-last-size-out score, null when it got one or was skipped
   */
  record PointFit(
      CurveFamily family,
      double[] params,
      String skipped,
      double[] looParams,
      double looError,
      String looWhyNot) {

    boolean fitted() {
      return params != null;
    }
  }

  /** Fits the family to the full data and, where the sizes allow, without the largest size. */
  PointFit fit(CurveFamily fam, double[] x, double scale, SizeStats full) {
    int m = x.length;
    int k = fam.parameterCount();
    if (m < k) {
      return new PointFit(
          fam,
          null,
          String.format(
              Locale.ROOT,
              "needs at least %d distinct sizes for its %d parameters; the curve has %d",
              k,
              k,
              m),
          null,
          0,
          null);
    }
    double[] p = fitOne(fam, x, scale, full, null);
    if (p == null) {
      return new PointFit(fam, null, "did not converge from any starting point", null, 0, null);
    }
    String whyNot = looIneligible(fam, m);
    double loo = Double.NaN;
    double[] looParams = null;
    if (whyNot == null) {
      looParams = looFit(fam, x, scale, full, null);
      if (looParams == null) {
        whyNot = "did not converge without the largest size";
      } else {
        loo = Math.abs(fam.value(x[m - 1], looParams) - full.mean[m - 1]);
      }
    }
    return new PointFit(fam, p, null, looParams, loo, whyNot);
  }

  /**
   * Fits one family to size statistics: the last mean for last1, the recipe's descent for the
   * recipe method, else Levenberg-Marquardt from {@code warm} (a bootstrap replicate) or from every
   * starting point of the family, falling back to them when the warm start fails.
   */
  double[] fitOne(CurveFamily fam, double[] x, double scale, SizeStats s, double[] warm) {
    int m = x.length;
    if (fam == CurveFamily.LAST1) {
      return new double[] {s.mean[m - 1]};
    }
    if (options.method() == FitMethod.RECIPE) {
      // The recipe works on natural sizes; a·n^b = (a·scale^b)·x^b expresses it in x = n / scale.
      double[] n = new double[m];
      for (int i = 0; i < m; i++) {
        n[i] = x[i] * scale;
      }
      float[] ab = RecipeGradientDescent.fit(n, s.mean);
      return new double[] {ab[0] * Math.pow(scale, ab[1]), ab[1]};
    }
    if (warm != null) {
      double[] p = LeastSquares.fit(fam, x, s.yw, s.sw, fam.theta(warm), true);
      if (p != null) {
        return p;
      }
    }
    return LeastSquares.fitBest(fam, x, s.yw, s.sw);
  }

  /**
   * Why a fitted family cannot get a leave-last-size-out score on a curve with {@code m} sizes, or
   * null when it can: without the largest size a family needs as many sizes as parameters, and a
   * curve (anything but the baseline) at least two sizes.
   */
  static String looIneligible(CurveFamily fam, int m) {
    int need = Math.max(fam.parameterCount(), fam == CurveFamily.LAST1 ? 1 : 2);
    if (m - 1 < need) {
      return String.format(
          Locale.ROOT,
          "needs %d sizes besides the largest for its %d parameter%s; the curve has %d",
          need,
          fam.parameterCount(),
          fam.parameterCount() == 1 ? "" : "s",
          m - 1);
    }
    return null;
  }

  /** The fit without the largest size (from {@code warm} when given), null when it fails. */
  double[] looFit(CurveFamily fam, double[] x, double scale, SizeStats s, double[] warm) {
    int m = x.length;
    return fitOne(fam, Arrays.copyOf(x, m - 1), scale, s.head(m - 1), warm);
  }

  /**
   * Corrected Akaike information criterion of a (weighted) least-squares fit over all rows, the
   * noise variance counted as a parameter (k + 1); NaN when the rows are too few for it.
   */
  static double aicc(CurveFamily fam, double[] x, SizeStats s, double[] p) {
    int n = s.rows;
    int k = fam.parameterCount() + 1;
    double wsse = LeastSquares.cost(fam, x, s.yw, s.sw, p) + s.within;
    return n - k - 1 > 0
        ? n * Math.log(Math.max(wsse, 1e-300) / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1)
        : Double.NaN;
  }

  /** The family's row: goodness of fit, predictions and targets with its own intervals. */
  FamilyFit assemble(
      CurveFamily fam,
      CurveData data,
      double[] x,
      double scale,
      SizeStats full,
      double[] p,
      double loo,
      double[][] boot,
      double[] sizes,
      double[][] repMeans,
      List<String> extended) {
    int m = x.length;
    double[][] values = data.valuesView();
    double sse = 0;
    double mse = 0;
    double mae = 0;
    for (int i = 0; i < m; i++) {
      double fi = fam.value(x[i], p);
      for (double v : values[i]) {
        sse += (v - fi) * (v - fi);
      }
      double d = full.mean[i] - fi;
      mse += d * d;
      mae += Math.abs(d);
    }
    mse /= m;
    mae /= m;
    // The Gaussian likelihood behind least squares also estimates the noise variance: k + 1.
    double aicc = aicc(fam, x, full, p);
    int failures = 0;
    for (double[] r : boot) {
      if (r == null) {
        failures++;
      }
    }
    boolean withBoot = boot.length > 0 && failures < boot.length;
    double level = options.level();
    List<Prediction> preds = new ArrayList<>();
    for (SampleSize s : options.predict()) {
      double nn = s.resolve(data.largestSize());
      double v = FamilyFit.clampToUnit(fam.value(nn / scale, p));
      double[] iv = {Double.NaN, Double.NaN};
      if (withBoot) {
        double[] reps = new double[boot.length];
        for (int r = 0; r < boot.length; r++) {
          reps[r] =
              boot[r] == null ? Double.NaN : FamilyFit.clampToUnit(fam.value(nn / scale, boot[r]));
        }
        iv = Intervals.holdPoint(v, Percentiles.interval(reps, level));
        if (iv[2] != 0) {
          extended.add(fam.id() + " at " + CurveData.formatSize(nn));
        }
      }
      preds.add(new Prediction(nn, v, iv[0], iv[1]));
    }
    boolean baseline = fam == CurveFamily.LAST1;
    List<TargetEstimate> targets = new ArrayList<>();
    for (double t : options.targets()) {
      // The baseline is flat: it cannot say where between the sizes a target below its level is
      // met (its curve would say "size 1"), so its answer comes from the measured means.
      double need =
          baseline
              ? SizeSearch.measuredSizeFor(sizes, full.mean, t)
              : SizeSearch.pointSizeFor(n -> fam.value(n / scale, p), t, sizes[0]);
      double[] iv = {Double.NaN, Double.NaN};
      if (withBoot) {
        double[] reps = new double[boot.length];
        for (int r = 0; r < boot.length; r++) {
          reps[r] =
              boot[r] == null
                  ? Double.NaN
                  : baseline
                      ? SizeSearch.measuredSizeFor(sizes, repMeans[r], t)
                      : sizeFromSmallest(fam, boot[r], scale, sizes[0], t);
        }
        iv = Percentiles.interval(reps, level);
        iv = Intervals.holdPoint(need, new double[] {Math.ceil(iv[0]), Math.ceil(iv[1])});
        if (iv[2] != 0) {
          extended.add(fam.id() + " for " + Percent.fraction(t));
        }
      }
      boolean atMost = iv[0] == sizes[0];
      if (Double.isInfinite(need)) {
        targets.add(
            new TargetEstimate(
                t,
                Double.NaN,
                iv[0],
                iv[1],
                false,
                SizeSearch.levelsOff(fam, p, scale, t, sizes[0]),
                atMost,
                SizeSearch.fallsFrom(
                    size -> fam.value(size / scale, p), sizes[0], sizes[sizes.length - 1])));
      } else {
        targets.add(new TargetEstimate(t, need, iv[0], iv[1], true, Double.NaN, atMost));
      }
    }
    double[][] kept = withBoot ? boot : new double[0][];
    return new FamilyFit(
        fam,
        options.method(),
        p,
        scale,
        sse,
        mse,
        mae,
        aicc,
        loo,
        preds,
        targets,
        kept,
        withBoot ? failures : 0,
        level);
  }

  /**
   * Where a replicate's curve first reaches a target from the smallest measured size on: below it
   * the curve is an extrapolation backwards, and the interval's ends say nothing there.
   */
  private static double sizeFromSmallest(
      CurveFamily fam, double[] p, double scale, double smallest, double target) {
    return SizeSearch.sizeFrom(n -> fam.value(n / scale, p), target, smallest);
  }
}
