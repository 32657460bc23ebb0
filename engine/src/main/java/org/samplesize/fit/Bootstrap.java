package org.samplesize.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The bootstrap over repeats of one curve: within each size the repeats are drawn with replacement
 * (their deviations from the size mean widened by {@link Intervals#spread}) and every fitted family
 * is refitted, starting from its full-data fit. When more than one family was fitted, each
 * replicate also refits the leave-last-size-out fits and selects a family by {@link SelectionRule},
 * and draws the sign of its extrapolation margin ({@link AnswerInterval}).
 *
 * <p>One stream per replicate, split from the curve's in order before the parallel loop: the
 * numbers do not depend on the thread count.
 */
final class Bootstrap {
  /** Per family and replicate the refitted parameters; null where skipped or not converged. */
  final double[][][] params;

  /** Per replicate the index of the family it selected, -1 for none; all 0 unless selecting. */
  final int[] selected;

  /** Per replicate the signed extrapolation margin of the family it selected (0 without score). */
  final double[] shift;

  /** Per replicate its size means. */
  final double[][] means;

  /** Whether the replicates selected a family (more than one was fitted). */
  final boolean selecting;

  private Bootstrap(
      double[][][] params, int[] selected, double[] shift, double[][] means, boolean selecting) {
    this.params = params;
    this.selected = selected;
    this.shift = shift;
    this.means = means;
    this.selecting = selecting;
  }

  /**
   * @return the number of replicates
   */
  int size() {
    return selected.length;
  }

  /**
   * Runs {@code b} replicates.
   *
   * @param fitter fits a family to a replicate
   * @param points every family's full-data fit, in order
   * @param curve the curve
   * @param b replicates
   * @param level the interval level (for the spread of the repeats)
   * @param select whether the replicates select a family again (when more than one is fitted)
   * @param stream the curve's random stream
   */
  static Bootstrap run(
      FamilyFitter fitter,
      List<FamilyFitter.PointFit> points,
      ScaledCurve curve,
      int b,
      double level,
      boolean select,
      SplittableRandom stream) {
    SplittableRandom[] reps = new SplittableRandom[b];
    for (int r = 0; r < b; r++) {
      reps[r] = stream.split();
    }
    int nf = points.size();
    int m = curve.sizeCount();
    double[] x = curve.x();
    double scale = curve.scale();
    double[][] values = curve.values();
    double[][] weights = curve.weights();
    SizeStats full = curve.full();
    double[][][] boot = new double[nf][b][];
    double[] spread = new double[m];
    for (int i = 0; i < m; i++) {
      spread[i] = Intervals.spread(values[i].length, level);
    }
    int fittedCount = 0;
    for (FamilyFitter.PointFit p : points) {
      fittedCount += p.fitted() ? 1 : 0;
    }
    // With more than one family fitted the rule selects one; then every replicate selects again.
    boolean selecting = select && fittedCount > 1;
    int[] selected = new int[b];
    double[] shift = new double[b];
    double[][] repMeans = new double[b][];
    IntStream.range(0, b)
        .parallel()
        .forEach(
            r -> {
              SizeStats rep = full.resample(values, weights, reps[r], spread);
              repMeans[r] = rep.mean;
              double sign = reps[r].nextBoolean() ? 1 : -1;
              List<FamilyScore> scores = new ArrayList<>(nf);
              for (int f = 0; f < nf; f++) {
                FamilyFitter.PointFit p = points.get(f);
                CurveFamily fam = p.family();
                if (!p.fitted()) {
                  scores.add(new FamilyScore(fam, false, 0, Double.NaN));
                  continue;
                }
                boot[f][r] = fitter.fitOne(fam, x, scale, rep, p.params());
                if (!selecting || boot[f][r] == null) {
                  scores.add(new FamilyScore(fam, false, 0, Double.NaN));
                  continue;
                }
                double aicc = FamilyFitter.aicc(fam, x, rep, boot[f][r]);
                double loo = Double.NaN;
                if (p.looParams() != null) {
                  double[] lp = fitter.looFit(fam, x, scale, rep, p.looParams());
                  if (lp != null) {
                    loo = Math.abs(fam.value(x[m - 1], lp) - rep.mean[m - 1]);
                  }
                }
                scores.add(new FamilyScore(fam, true, aicc, loo));
              }
              if (selecting) {
                int f = SelectionRule.select(scores).index();
                selected[r] = f;
                double loo = f < 0 ? Double.NaN : scores.get(f).looError();
                shift[r] =
                    Double.isNaN(loo) ? 0 : sign * LearningCurveFitter.EXTRAPOLATION_FACTOR * loo;
              }
            });
    return new Bootstrap(boot, selected, shift, repMeans, selecting);
  }
}
