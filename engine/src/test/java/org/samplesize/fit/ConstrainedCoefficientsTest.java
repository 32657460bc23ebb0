package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConstrainedCoefficients} against a brute-force search: on random curves and constraints,
 * no feasible pair of coefficients on a fine grid around the solution fits better than it, and the
 * solution meets every constraint.
 */
class ConstrainedCoefficientsTest {
  private static final double[] X = {0.05, 0.1, 0.25, 0.5, 1};

  private static double cost(CurveFamily f, double[] theta, double[] c, double[] y, double[] sw) {
    double[] b = new double[2];
    double s = 0;
    for (int i = 0; i < X.length; i++) {
      f.basis(X[i], theta, b);
      double r = sw[i] * (y[i] - c[0] * b[0] - c[1] * b[1]);
      s += r * r;
    }
    return s;
  }

  private static boolean feasible(
      CurveFamily f, double[] theta, double[] c, ConstrainedCoefficients k, double slack) {
    int a = f.boundedCoefficient();
    if (c[a] < f.coefficientLower() - slack || c[a] > Math.min(k.cap(), 1) + slack) {
      return false;
    }
    if (Double.isNaN(k.reachX())) {
      return true;
    }
    double[] b = new double[2];
    f.basis(k.reachX(), theta, b);
    return c[0] * b[0] + c[1] * b[1] <= k.reachTarget() + slack;
  }

  @Test
  void noFeasiblePointOnAGridFitsBetter() {
    SplittableRandom rng = new SplittableRandom(7);
    CurveFamily[] families = {CurveFamily.POW3, CurveFamily.EXP3, CurveFamily.MMF4};
    int active = 0;
    for (int trial = 0; trial < 60; trial++) {
      CurveFamily f = families[trial % families.length];
      double[] theta = new double[f.nonlinearCount()];
      for (int j = 0; j < theta.length; j++) {
        double lo = f.thetaLower()[j];
        double hi = f.thetaUpper()[j];
        theta[j] = lo + (hi - lo) * (0.3 + 0.4 * rng.nextDouble());
      }
      double[] y = new double[X.length];
      double[] sw = new double[X.length];
      for (int i = 0; i < X.length; i++) {
        y[i] = 0.5 + 0.4 * X[i] / (X[i] + 0.2) + 0.02 * rng.nextGaussian();
        sw[i] = 1 + rng.nextDouble();
      }
      ConstrainedCoefficients k =
          trial % 2 == 0
              ? ConstrainedCoefficients.capped(0.6 + 0.3 * rng.nextDouble())
              : ConstrainedCoefficients.notReachedBy(1 + 4 * rng.nextDouble(), 0.8);
      double[] c = k.solve(f, X, y, sw, theta, null);
      assertTrue(feasible(f, theta, c, k, 1e-8), f + " trial " + trial);
      double best = cost(f, theta, c, y, sw);
      double plain = cost(f, theta, LeastSquares.solveLinear(f, X, y, sw, theta, null), y, sw);
      if (best > plain + 1e-9) {
        active++;
      }
      double span = 2 * Math.max(1, Math.max(Math.abs(c[0]), Math.abs(c[1])));
      for (int u = -40; u <= 40; u++) {
        for (int v = -40; v <= 40; v++) {
          double[] p = {c[0] + span * u / 40.0, c[1] + span * v / 40.0};
          if (feasible(f, theta, p, k, 0)) {
            assertTrue(cost(f, theta, p, y, sw) >= best - 1e-9, f + " trial " + trial);
          }
        }
      }
    }
    // the constraints bind on many of the trials, so the test sees the constrained solve
    assertTrue(active >= 15, "constraints active on " + active + " of 60");
  }

  @Test
  void anUnconstrainedOptimumInsideTheBoundsIsThePlainSolve() {
    CurveFamily f = CurveFamily.POW3;
    double[] theta = {Math.log(0.5)};
    double[] y = new double[X.length];
    double[] sw = {1, 1, 1, 1, 1};
    for (int i = 0; i < X.length; i++) {
      y[i] = 0.9 - 0.1 * Math.pow(X[i], -0.5);
    }
    double[] c = ConstrainedCoefficients.capped(1).solve(f, X, y, sw, theta, null);
    assertEquals(0.9, c[0], 1e-9);
    assertEquals(0.1, c[1], 1e-9);
  }

  @Test
  void aFamilyWithoutAnAsymptoteIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ConstrainedCoefficients.capped(1)
                .solve(CurveFamily.LOG2, X, new double[5], new double[5], new double[0], null));
  }
}
