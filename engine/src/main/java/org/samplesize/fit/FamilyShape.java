package org.samplesize.fit;

/**
 * The mathematics of one {@link CurveFamily}, on the scaled size {@code x = n / scale}: its value,
 * its basis functions for the variable-projection fit, the map between its parameters and its
 * nonlinear parameters theta, and its parameters in {@code n}. {@link SaturatingShape} holds the
 * families with an asymptote in [0, 1], {@link OpenShape} the others.
 *
 * <p>Every family is a linear combination of one or two basis functions whose shape depends on at
 * most two nonlinear parameters theta (in unbounded coordinates: a positive parameter is exp of its
 * theta). The fitter solves the linear coefficients exactly for each theta (variable projection)
 * and runs Levenberg-Marquardt over theta only.
 */
interface FamilyShape {
  /** Value at scaled size {@code x} with scaled parameters {@code p}. */
  double value(double x, double[] p);

  /** The basis functions at scaled size {@code x} for {@code theta}, into {@code out}. */
  void basis(double x, double[] theta, double[] out);

  /** Index of the linear coefficient held in [{@link #coefficientLower}, upper], or -1. */
  default int boundedCoefficient() {
    return -1;
  }

  /** Lower bound of the bounded coefficient: 0 for an asymptote. */
  default double coefficientLower() {
    return 0;
  }

  /** Upper bound of the bounded coefficient: 1 for an asymptote. */
  default double coefficientUpper() {
    return 1;
  }

  /** Scaled parameters (in the family's parameter order) from coefficients and theta. */
  double[] params(double[] lin, double[] theta);

  /** Theta of scaled parameters (for warm starts). */
  double[] theta(double[] p);

  /** Starting points for theta. */
  double[][] thetaStarts();

  /** The parameters of the formula in {@code n} from scaled parameters. */
  double[] toNatural(double[] p, double scale);

  /** The limit as n grows without bound: finite, ±infinity, or NaN where there is none. */
  double asymptote(double[] p);
}
