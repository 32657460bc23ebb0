package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeastSquaresTest {
  private static final double[] X = {0.1, 0.2, 0.5, 1.0};
  private static final double[] SW = {1, 1, 1, 1};

  @Test
  void fitsAKnownPow3Curve() {
    double[] y = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      y[i] = 0.9 - 0.05 * Math.pow(X[i], -0.5);
    }
    double[] p = LeastSquares.fitBest(CurveFamily.POW3, X, y, SW);
    assertNotNull(p);
    assertEquals(0, LeastSquares.cost(CurveFamily.POW3, X, y, SW, p), 1e-10);
  }

  @Test
  void aProgrammingErrorIsNotPassedOffAsNonConvergence() {
    CurveFamily f = CurveFamily.WBL4;
    assertTrue(f.nonlinearCount() >= 2);
    double[] start = f.thetaStarts()[0];
    // No points at all: the fitter never asks for this (it skips families
    // with fewer sizes than parameters), so Commons Math's IllegalArgumentException here is a bug
    // to surface; it used to be swallowed and read as "did not converge".
    assertThrows(
        IllegalArgumentException.class,
        () -> LeastSquares.fit(f, new double[0], new double[0], new double[0], start));
  }
}
