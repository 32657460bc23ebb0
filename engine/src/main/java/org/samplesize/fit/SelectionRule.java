package org.samplesize.fit;

import java.util.List;

/**
 * The selection rule, applied alike to the full data and to every bootstrap replicate: each family
 * refitted without the largest size is scored by the absolute error of its prediction there
 * (leave-last-size-out). The smallest error wins; families within {@value #LOO_TIE} of it are tied
 * and AICc decides. The baseline {@code last1} can always be scored, a curve family only when the
 * sizes left support it; when fewer than two curve families get a score, AICc alone decides among
 * all fitted families (the baseline would otherwise win by default).
 */
public final class SelectionRule {
  private SelectionRule() {}

  /** Leave-last-size-out errors this close to the best (in metric units) are tied. */
  public static final double LOO_TIE = 0.002;

  /**
   * @param scores one per family asked for, in order
   * @return the family chosen, the rule that decided and the reason
   */
  public static Selection select(List<FamilyScore> scores) {
    int nf = scores.size();
    int count = 0;
    int only = -1;
    for (int f = 0; f < nf; f++) {
      if (scores.get(f).fitted()) {
        count++;
        only = f;
      }
    }
    if (count == 0) {
      return Selection.none();
    }
    if (count == 1) {
      return new Selection(
          only,
          scores.get(only).family(),
          Selection.Rule.ONLY,
          nf == 1 ? "the only family asked for" : "the only family that could be fitted");
    }
    int curvesScored = 0;
    double bestLoo = Double.POSITIVE_INFINITY;
    for (FamilyScore s : scores) {
      if (s.scored()) {
        bestLoo = Math.min(bestLoo, s.looError());
        if (s.family() != CurveFamily.LAST1) {
          curvesScored++;
        }
      }
    }
    boolean[] pool = new boolean[nf];
    int tied = 0;
    for (int f = 0; f < nf; f++) {
      FamilyScore s = scores.get(f);
      // With fewer than two curves scored, the leave-last-size-out contest would be the baseline
      // (always scorable) against at most one curve: the baseline would win by default.
      pool[f] = s.fitted() && (curvesScored < 2 || s.scored() && s.looError() <= bestLoo + LOO_TIE);
      tied += pool[f] ? 1 : 0;
    }
    int best = -1;
    for (int f = 0; f < nf; f++) {
      if (!pool[f]) {
        continue;
      }
      if (best < 0) {
        best = f;
        continue;
      }
      double a = orInfinity(scores.get(f).aicc());
      double c = orInfinity(scores.get(best).aicc());
      if (a < c || a == c && scores.get(f).looError() < scores.get(best).looError()) {
        best = f;
      }
    }
    CurveFamily chosen = scores.get(best).family();
    if (curvesScored < 2) {
      return new Selection(best, chosen, Selection.Rule.AICC, aiccReason(scores, curvesScored));
    }
    if (tied > 1) {
      return new Selection(
          best,
          chosen,
          Selection.Rule.LLSO_AICC,
          Selection.format(
              "smallest AICc among %d families within %.3g of the best leave-last-size-out"
                  + " error (%.4g)",
              tied, LOO_TIE, bestLoo));
    }
    return new Selection(
        best,
        chosen,
        Selection.Rule.LLSO,
        Selection.format("smallest leave-last-size-out error (%.4g)", scores.get(best).looError()));
  }

  /**
   * Why AICc alone decided. The baseline {@code last1} is scored too but is no curve family, so it
   * is not counted, and the reason says so when it was asked for.
   */
  private static String aiccReason(List<FamilyScore> scores, int curvesScored) {
    int curvesAsked = 0;
    boolean baseline = false;
    for (FamilyScore s : scores) {
      if (s.family() == CurveFamily.LAST1) {
        baseline = true;
      } else {
        curvesAsked++;
      }
    }
    if (curvesAsked < 2) {
      return "smallest AICc (1 curve family asked for besides the baseline last1: the"
          + " leave-last-size-out score decides only among two or more curve families)";
    }
    return "smallest AICc ("
        + (curvesScored == 0 ? "none" : "only " + curvesScored)
        + " of "
        + curvesAsked
        + " curve families could be scored leaving the largest size out"
        + (baseline ? "; the baseline last1 is not a curve family" : "")
        + ")";
  }

  private static double orInfinity(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }
}
