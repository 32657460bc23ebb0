package org.samplesize.fit;

import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem.Evaluation;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.AbstractOptimizationProblem;
import org.apache.commons.math3.util.FastMath;

/**
 * Weighted least squares for one family, by variable projection: for given nonlinear parameters
 * theta the linear coefficients are solved exactly (with the asymptote held in [0, 1]), and
 * Levenberg-Marquardt (Apache Commons Math) minimises the remaining residual over theta alone (one
 * or two dimensions, forward-difference Jacobian, theta kept in a box).
 *
 * <p>It works on size-level sufficient statistics: with row weights w, Σ w·(y − f(x))² = Σ_sizes
 * W·(ȳ_w − f(x))² + const, so the fit over all rows is the fit of the weighted size means with
 * weights W = Σ w; the residuals are √W·(ȳ_w − f(x)).
 */
final class LeastSquares {
  /** For point fits: the reported parameters are good to about 7 digits. */
  private static final LevenbergMarquardtOptimizer PRECISE =
      new LevenbergMarquardtOptimizer()
          .withCostRelativeTolerance(1e-8)
          .withParameterRelativeTolerance(1e-8);

  /**
   * For bootstrap replicates, warm-started next to their optimum: percentiles of a few hundred
   * replicates do not need more than about 4 digits, and looser tolerances halve the iterations.
   */
  private static final LevenbergMarquardtOptimizer REPLICATE =
      new LevenbergMarquardtOptimizer()
          .withCostRelativeTolerance(1e-6)
          .withParameterRelativeTolerance(1e-6);

  private static final int MAX_EVALUATIONS = 200;

  private LeastSquares() {}

  /**
   * The linear coefficients for given theta: {@link #solveLinear} by default, or a solve under
   * further constraints ({@link ConstrainedCoefficients}).
   */
  @FunctionalInterface
  interface CoefficientSolver {
    /**
     * @param basisOut scratch space of m rows × the family's linear count, filled with the basis at
     *     theta, or null
     * @return the coefficients
     */
    double[] solve(
        CurveFamily f, double[] x, double[] y, double[] sw, double[] theta, double[][] basisOut);
  }

  /**
   * The best fit over the family's starting points, or null when none gave finite parameters.
   *
   * @param x scaled sizes
   * @param y weighted size means
   * @param sw square roots of the size weights W
   */
  static double[] fitBest(CurveFamily f, double[] x, double[] y, double[] sw) {
    return fitBest(f, x, y, sw, f.thetaStarts(), LeastSquares::solveLinear);
  }

  /**
   * The best fit over the given starting points with the coefficients from {@code solver}, or null
   * when none gave finite parameters.
   */
  static double[] fitBest(
      CurveFamily f,
      double[] x,
      double[] y,
      double[] sw,
      double[][] starts,
      CoefficientSolver solver) {
    double[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (double[] t : starts) {
      double[] p = fit(f, x, y, sw, t, false, solver);
      if (p != null) {
        double c = cost(f, x, y, sw, p);
        if (c < bestCost) {
          bestCost = c;
          best = p;
        }
      }
    }
    return best;
  }

  /**
   * One Levenberg-Marquardt run over theta from {@code theta0}; null when it fails or ends at a
   * non-finite point.
   */
  static double[] fit(CurveFamily f, double[] x, double[] y, double[] sw, double[] theta0) {
    return fit(f, x, y, sw, theta0, false);
  }

  /**
   * One Levenberg-Marquardt run; {@code replicate} selects the looser tolerances for bootstrap
   * replicates.
   */
  static double[] fit(
      CurveFamily f, double[] x, double[] y, double[] sw, double[] theta0, boolean replicate) {
    return fit(f, x, y, sw, theta0, replicate, LeastSquares::solveLinear);
  }

  private static double[] fit(
      CurveFamily f,
      double[] x,
      double[] y,
      double[] sw,
      double[] theta0,
      boolean replicate,
      CoefficientSolver solver) {
    int nl = f.nonlinearCount();
    double[] lo = f.thetaLower();
    double[] hi = f.thetaUpper();
    double[] start = theta0.clone();
    for (int j = 0; j < nl; j++) {
      if (!Double.isFinite(start[j])) {
        return null;
      }
      start[j] = Math.max(lo[j], Math.min(hi[j], start[j]));
    }
    if (nl == 0) {
      return finiteOrNull(f, x, y, sw, f.params(solver.solve(f, x, y, sw, start, null), start));
    }
    Problem problem = new Problem(f, x, y, sw, start, solver);
    try {
      LeastSquaresOptimizer.Optimum o = (replicate ? REPLICATE : PRECISE).optimize(problem);
      double[] t = o.getPoint().toArray();
      return finiteOrNull(f, x, y, sw, f.params(solver.solve(f, x, y, sw, t, null), t));
    } catch (ConvergenceException | TooManyEvaluationsException | TooManyIterationsException e) {
      // no convergence within the budget or a singular step: this start failed, the next may not.
      // Anything else (a bad argument, a dimension mismatch) is a bug and must surface.
      return null;
    }
  }

  /**
   * √W·f(x) with the linear coefficients solved for {@code theta}; {@code basis} is scratch space
   * of m rows × the family's linear count.
   */
  private static double[] predicted(
      CurveFamily f,
      double[] x,
      double[] y,
      double[] sw,
      double[] theta,
      double[][] basis,
      CoefficientSolver solver) {
    int m = x.length;
    int l = f.linearCount();
    double[] lin = solver.solve(f, x, y, sw, theta, basis);
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      double v = 0;
      for (int j = 0; j < l; j++) {
        v += lin[j] * basis[i][j];
      }
      out[i] = sw[i] * v;
    }
    return out;
  }

  /**
   * The least-squares problem over theta, as Commons Math's {@code LeastSquaresBuilder} would build
   * it (same start, target, box projection of every trial point, evaluation limits, residuals
   * {@code target − value}), except that the forward-difference Jacobian is computed only when the
   * optimiser asks for it: Levenberg-Marquardt asks at the points it accepts, not at the trial
   * points it rejects or the last one it converges at. The numbers are the same, with fewer model
   * evaluations. One instance serves one optimisation on one thread.
   */
  private static final class Problem extends AbstractOptimizationProblem<Evaluation>
      implements LeastSquaresProblem {
    private final CurveFamily f;
    private final double[] x;
    private final double[] y;
    private final double[] sw;
    private final double[] lo;
    private final double[] hi;
    private final RealVector start;
    private final RealVector target;
    private final double[][] basis;
    private final CoefficientSolver solver;

    Problem(
        CurveFamily f,
        double[] x,
        double[] y,
        double[] sw,
        double[] start,
        CoefficientSolver solver) {
      super(MAX_EVALUATIONS, MAX_EVALUATIONS, null);
      this.f = f;
      this.x = x;
      this.y = y;
      this.sw = sw;
      this.lo = f.thetaLower();
      this.hi = f.thetaUpper();
      this.start = new ArrayRealVector(start);
      int m = x.length;
      double[] t = new double[m];
      for (int i = 0; i < m; i++) {
        t[i] = sw[i] * y[i];
      }
      this.target = new ArrayRealVector(t, false);
      this.basis = new double[m][f.linearCount()];
      this.solver = solver;
    }

    @Override
    public RealVector getStart() {
      return start.copy();
    }

    @Override
    public int getObservationSize() {
      return x.length;
    }

    @Override
    public int getParameterSize() {
      return start.getDimension();
    }

    @Override
    public Evaluation evaluate(RealVector point) {
      // Theta kept in its box (NaN to the lower bound), as the builder's parameter validator did.
      double[] t = point.toArray();
      for (int j = 0; j < t.length; j++) {
        t[j] = Double.isNaN(t[j]) ? lo[j] : Math.max(lo[j], Math.min(hi[j], t[j]));
      }
      double[] r0 = predicted(f, x, y, sw, t, basis, solver);
      RealVector residuals = target.subtract(new ArrayRealVector(r0, false));
      return new Point(this, t, r0, residuals);
    }

    /** The forward-difference Jacobian of √W·f at theta, given √W·f there. */
    RealMatrix jacobian(double[] t, double[] r0) {
      int m = x.length;
      int nl = t.length;
      double[][] jac = new double[m][nl];
      for (int j = 0; j < nl; j++) {
        double h = 1e-7 * Math.max(1, Math.abs(t[j]));
        double[] tj = t.clone();
        tj[j] += h;
        double[] rj = predicted(f, x, y, sw, tj, basis, solver);
        for (int i = 0; i < m; i++) {
          jac[i][j] = (rj[i] - r0[i]) / h;
        }
      }
      return new Array2DRowRealMatrix(jac, false);
    }
  }

  /** One evaluation of {@link Problem}: residuals now, the Jacobian on first request. */
  private static final class Point implements Evaluation {
    private final Problem problem;
    private final double[] theta;
    private final double[] value;
    private final RealVector residuals;
    private RealMatrix jacobian;

    Point(Problem problem, double[] theta, double[] value, RealVector residuals) {
      this.problem = problem;
      this.theta = theta;
      this.value = value;
      this.residuals = residuals;
    }

    @Override
    public RealVector getPoint() {
      return new ArrayRealVector(theta);
    }

    @Override
    public RealVector getResiduals() {
      return residuals;
    }

    @Override
    public RealMatrix getJacobian() {
      if (jacobian == null) {
        jacobian = problem.jacobian(theta, value);
      }
      return jacobian;
    }

    @Override
    public double getCost() {
      // as Commons Math's AbstractEvaluation computes it
      ArrayRealVector r = new ArrayRealVector(residuals);
      return FastMath.sqrt(r.dotProduct(r));
    }

    @Override
    public double getRMS() {
      double cost = getCost();
      return FastMath.sqrt(cost * cost / residuals.getDimension());
    }

    @Override
    public RealMatrix getCovariances(double threshold) {
      throw new UnsupportedOperationException("not needed by the fit");
    }

    @Override
    public RealVector getSigma(double threshold) {
      throw new UnsupportedOperationException("not needed by the fit");
    }
  }

  /**
   * Weighted linear least squares of y on the family's basis at {@code theta}, with the bounded
   * coefficient clamped to its bounds (then the other coefficient is re-solved: the constrained
   * optimum of a convex quadratic lies on the bound it crosses). Fills {@code basisOut} when given.
   */
  static double[] solveLinear(
      CurveFamily f, double[] x, double[] y, double[] sw, double[] theta, double[][] basisOut) {
    int m = x.length;
    int l = f.linearCount();
    double[][] b = basisOut != null ? basisOut : new double[m][l];
    double[] c = new double[l];
    if (l == 1) {
      for (int i = 0; i < m; i++) {
        f.basis(x[i], theta, b[i]);
      }
      double num = 0;
      double den = 0;
      for (int i = 0; i < m; i++) {
        double w = sw[i] * sw[i];
        num += w * b[i][0] * y[i];
        den += w * b[i][0] * b[i][0];
      }
      c[0] = den > 0 ? num / den : 0;
    } else {
      double[] ne = normalEquations(f, x, y, sw, theta, b);
      double a00 = ne[0];
      double s01 = ne[1];
      double a11 = ne[2];
      double r0 = ne[3];
      double r1 = ne[4];
      double det = a00 * a11 - s01 * s01;
      if (!(Math.abs(det) > 0)) {
        c[0] = a00 > 0 ? r0 / a00 : 0;
        c[1] = 0;
      } else {
        c[0] = (a11 * r0 - s01 * r1) / det;
        c[1] = (a00 * r1 - s01 * r0) / det;
      }
      int k = f.boundedCoefficient();
      if (k >= 0) {
        double clamped = Math.max(f.coefficientLower(), Math.min(f.coefficientUpper(), c[k]));
        if (clamped != c[k]) {
          c[k] = clamped;
          int o = 1 - k;
          double akk = o == 0 ? a00 : a11;
          double ro = o == 0 ? r0 : r1;
          c[o] = akk > 0 ? (ro - s01 * clamped) / akk : 0;
        }
      }
      return c;
    }
    int k = f.boundedCoefficient();
    if (k == 0) {
      c[0] = Math.max(f.coefficientLower(), Math.min(f.coefficientUpper(), c[0]));
    }
    return c;
  }

  /**
   * The weighted normal equations of a two-coefficient family at {@code theta}, with a relative
   * ridge of 1e-12 on the diagonal that keeps nearly collinear bases (exponent → 0) solvable. Fills
   * {@code b} (m rows × 2) with the basis.
   *
   * @return {@code {a00, a01, a11, r0, r1}}: the ridged matrix's entries and the right-hand side
   */
  static double[] normalEquations(
      CurveFamily f, double[] x, double[] y, double[] sw, double[] theta, double[][] b) {
    double s00 = 0;
    double s01 = 0;
    double s11 = 0;
    double r0 = 0;
    double r1 = 0;
    for (int i = 0; i < x.length; i++) {
      f.basis(x[i], theta, b[i]);
      double w = sw[i] * sw[i];
      s00 += w * b[i][0] * b[i][0];
      s01 += w * b[i][0] * b[i][1];
      s11 += w * b[i][1] * b[i][1];
      r0 += w * b[i][0] * y[i];
      r1 += w * b[i][1] * y[i];
    }
    double ridge = 1e-12 * (s00 + s11);
    return new double[] {s00 + ridge, s01, s11 + ridge, r0, r1};
  }

  /** Σ W·(ȳ_w − f(x))². */
  static double cost(CurveFamily f, double[] x, double[] y, double[] sw, double[] p) {
    double c = 0;
    for (int i = 0; i < x.length; i++) {
      double r = sw[i] * (y[i] - f.value(x[i], p));
      c += r * r;
    }
    return c;
  }

  private static double[] finiteOrNull(
      CurveFamily f, double[] x, double[] y, double[] sw, double[] p) {
    for (double v : p) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return Double.isFinite(cost(f, x, y, sw, p)) ? p : null;
  }
}
