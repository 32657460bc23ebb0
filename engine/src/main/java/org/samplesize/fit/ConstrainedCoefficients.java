package org.samplesize.fit;

/**
 * The two linear coefficients of a family at given theta, by weighted least squares under linear
 * constraints: the asymptote held in its bounds and at most {@code cap}, and, where asked, the
 * curve at one scaled size at most a target ("not yet at the target by then"). For {@link
 * TargetProfile}'s constrained fits; the plain fit clamps the asymptote alone ({@link
 * LeastSquares#solveLinear}).
 *
 * <p>The objective is a convex quadratic in two unknowns and the constraints are half-planes, so
 * its minimum over them is the unconstrained minimum when that is feasible, else lies on one
 * constraint's line or where two meet: every such candidate is computed and the feasible one with
 * the smallest objective taken. Immutable.
 *
 * @param cap the asymptote's largest value (the family's own upper bound applies too)
 * @param reachX the scaled size at which the curve must be at most {@code reachTarget}; NaN for
 *     none
 * @param reachTarget the value the curve must not exceed at {@code reachX}
 */
record ConstrainedCoefficients(double cap, double reachX, double reachTarget)
    implements LeastSquares.CoefficientSolver {

  /** Slack on a constraint, relative to the coefficients' size, within which it counts as met. */
  private static final double FEASIBLE = 1e-9;

  /** The asymptote at most {@code cap}, no other constraint. */
  static ConstrainedCoefficients capped(double cap) {
    return new ConstrainedCoefficients(cap, Double.NaN, Double.NaN);
  }

  /** The curve at scaled size {@code x} at most {@code target}, the asymptote in its own bounds. */
  static ConstrainedCoefficients notReachedBy(double x, double target) {
    return new ConstrainedCoefficients(Double.POSITIVE_INFINITY, x, target);
  }

  @Override
  public double[] solve(
      CurveFamily f, double[] x, double[] y, double[] sw, double[] theta, double[][] basisOut) {
    if (f.linearCount() != 2 || f.boundedCoefficient() < 0) {
      throw new IllegalArgumentException(
          f + " has no asymptote among two linear coefficients to constrain");
    }
    double[][] b = basisOut != null ? basisOut : new double[x.length][2];
    double[] ne = LeastSquares.normalEquations(f, x, y, sw, theta, b);
    double[][] a = {{ne[0], ne[1]}, {ne[1], ne[2]}};
    double[] r = {ne[3], ne[4]};
    // Constraints g·c <= h.
    int k = f.boundedCoefficient();
    double[][] g = new double[3][];
    double[] h = new double[3];
    int n = 0;
    g[n] = unit(k, -1);
    h[n++] = -f.coefficientLower();
    g[n] = unit(k, 1);
    h[n++] = Math.min(f.coefficientUpper(), cap);
    if (!Double.isNaN(reachX)) {
      double[] at = new double[2];
      f.basis(reachX, theta, at);
      g[n] = at;
      h[n++] = reachTarget;
    }
    double[] best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    // the unconstrained minimum, each constraint's line, each pair's meeting point
    double[][] candidates = new double[1 + n + n * (n - 1) / 2][];
    int c = 0;
    candidates[c++] = solve2(a, r);
    for (int i = 0; i < n; i++) {
      candidates[c++] = onLine(a, r, g[i], h[i]);
      for (int j = i + 1; j < n; j++) {
        candidates[c++] = solve2(new double[][] {g[i], g[j]}, new double[] {h[i], h[j]});
      }
    }
    for (double[] cand : candidates) {
      if (cand == null || !feasible(cand, g, h, n)) {
        continue;
      }
      double v = objective(a, r, cand);
      if (v < bestValue) {
        bestValue = v;
        best = cand;
      }
    }
    // No candidate is feasible only when the constraints cannot all hold at this theta (the curve
    // at reachX above the target for every allowed asymptote): NaN coefficients fail the fit.
    return best != null ? best : new double[] {Double.NaN, Double.NaN};
  }

  private static double[] unit(int k, double v) {
    double[] u = new double[2];
    u[k] = v;
    return u;
  }

  /** c'Ac − 2r'c: the weighted squared residual less a constant. */
  private static double objective(double[][] a, double[] r, double[] c) {
    return a[0][0] * c[0] * c[0]
        + 2 * a[0][1] * c[0] * c[1]
        + a[1][1] * c[1] * c[1]
        - 2 * (r[0] * c[0] + r[1] * c[1]);
  }

  private static boolean feasible(double[] c, double[][] g, double[] h, int n) {
    double size = Math.max(1, Math.max(Math.abs(c[0]), Math.abs(c[1])));
    for (int i = 0; i < n; i++) {
      if (g[i][0] * c[0] + g[i][1] * c[1] > h[i] + FEASIBLE * size) {
        return false;
      }
    }
    return true;
  }

  /** The solution of a 2 × 2 system, null when it is singular or not finite. */
  private static double[] solve2(double[][] a, double[] r) {
    double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    if (!(Math.abs(det) > 0)) {
      return null;
    }
    double[] c = {(a[1][1] * r[0] - a[0][1] * r[1]) / det, (a[0][0] * r[1] - a[1][0] * r[0]) / det};
    return Double.isFinite(c[0]) && Double.isFinite(c[1]) ? c : null;
  }

  /** The minimum of the quadratic on the line g·c = h, null when the line is degenerate. */
  private static double[] onLine(double[][] a, double[] r, double[] g, double h) {
    double gg = g[0] * g[0] + g[1] * g[1];
    if (!(gg > 0)) {
      return null;
    }
    // c = c0 + s·d with c0 the line's point nearest the origin and d along it
    double[] c0 = {h * g[0] / gg, h * g[1] / gg};
    double[] d = {-g[1], g[0]};
    double ad0 = a[0][0] * d[0] + a[0][1] * d[1];
    double ad1 = a[1][0] * d[0] + a[1][1] * d[1];
    double dad = d[0] * ad0 + d[1] * ad1;
    if (!(dad > 0)) {
      return null;
    }
    // d/ds of (c0 + s d)'A(c0 + s d) − 2r'(c0 + s d) = 0
    double s = (d[0] * r[0] + d[1] * r[1] - (c0[0] * ad0 + c0[1] * ad1)) / dad;
    double[] c = {c0[0] + s * d[0], c0[1] + s * d[1]};
    return Double.isFinite(c[0]) && Double.isFinite(c[1]) ? c : null;
  }
}
