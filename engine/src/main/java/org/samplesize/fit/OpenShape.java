package org.samplesize.fit;

/**
 * The shapes of the families without a bounded asymptote, and the baseline: {@code pow2}, {@code
 * log2}, {@code vap3} and {@code last1}. Their formulas and parameter names are in {@link
 * CurveFamily}.
 */
enum OpenShape implements FamilyShape {
  /** {@link CurveFamily#POW2}. */
  POW2 {
    @Override
    public double value(double x, double[] p) {
      return p[0] * Math.pow(x, p[1]);
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = Math.pow(x, t[0]);
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], t[0]};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {p[1]};
    }

    @Override
    public double[][] thetaStarts() {
      return new double[][] {{0.05}, {0.2}, {-0.1}, {0.6}};
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0] * Math.pow(s, -p[1]), p[1]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[1] < 0 ? 0 : p[1] == 0 ? p[0] : Math.copySign(Double.POSITIVE_INFINITY, p[0]);
    }
  },

  /** {@link CurveFamily#LOG2}. */
  LOG2 {
    @Override
    public double value(double x, double[] p) {
      return -p[0] * Math.log(x) + p[1];
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = -Math.log(x);
      out[1] = 1;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1]};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[0];
    }

    @Override
    public double[][] thetaStarts() {
      return new double[][] {{}};
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] + p[0] * Math.log(s)};
    }

    @Override
    public double asymptote(double[] p) {
      return p[0] == 0 ? p[1] : p[0] < 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
  },

  /** {@link CurveFamily#VAP3}. */
  VAP3 {
    @Override
    public double value(double x, double[] p) {
      return Math.exp(p[0] + p[1] / x + p[2] * Math.log(x));
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = Math.exp(t[0] / x + t[1] * Math.log(x));
    }

    @Override
    public int boundedCoefficient() {
      return 0;
    }

    @Override
    public double coefficientLower() {
      return 1e-12;
    }

    @Override
    public double coefficientUpper() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {Math.log(lin[0]), t[0], t[1]};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {p[1], p[2]};
    }

    @Override
    public double[][] thetaStarts() {
      return new double[][] {{0, 0}, {-0.1, 0}, {-0.3, 0.05}, {0, 0.05}};
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0] - p[2] * Math.log(s), p[1] * s, p[2]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[2] > 0 ? Double.POSITIVE_INFINITY : p[2] < 0 ? 0 : Math.exp(p[0]);
    }
  },

  /** {@link CurveFamily#LAST1}. */
  LAST1 {
    @Override
    public double value(double x, double[] p) {
      return p[0];
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = 1;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0]};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[0];
    }

    @Override
    public double[][] thetaStarts() {
      return new double[][] {{}};
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return p.clone();
    }

    @Override
    public double asymptote(double[] p) {
      return p[0];
    }
  };
}
