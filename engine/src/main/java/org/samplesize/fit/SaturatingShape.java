package org.samplesize.fit;

/**
 * The shapes of the families that level off at an asymptote held in [0, 1]: {@code pow3}, {@code
 * pow4}, {@code exp3}, {@code mmf4} and {@code wbl4}. Their formulas and parameter names are in
 * {@link CurveFamily}.
 */
enum SaturatingShape implements FamilyShape {
  /** {@link CurveFamily#POW3}. */
  POW3 {
    @Override
    public double value(double x, double[] p) {
      return p[0] - p[1] * Math.pow(x, -p[2]);
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = 1;
      out[1] = -Math.pow(x, -Math.exp(t[0]));
    }

    @Override
    public int boundedCoefficient() {
      return 0;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1], Math.exp(t[0])};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {Math.log(p[2])};
    }

    @Override
    public double[][] thetaStarts() {
      return logs(new double[][] {{0.1}, {0.3}, {1}, {3}});
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[2]), p[2]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[0];
    }
  },

  /** {@link CurveFamily#POW4}. */
  POW4 {
    @Override
    public double value(double x, double[] p) {
      return p[0] - p[1] * Math.pow(p[3] + x, -p[2]);
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = 1;
      out[1] = -Math.pow(Math.exp(t[1]) + x, -Math.exp(t[0]));
    }

    @Override
    public int boundedCoefficient() {
      return 0;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1], Math.exp(t[0]), Math.exp(t[1])};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {Math.log(p[2]), Math.log(Math.max(p[3], 1e-6))};
    }

    @Override
    public double[][] thetaStarts() {
      return logs(
          new double[][] {{0.3, 1e-3}, {1, 1e-3}, {3, 1e-3}, {0.3, 0.3}, {1, 0.3}, {3, 0.3}});
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[2]), p[2], p[3] * s};
    }

    @Override
    public double asymptote(double[] p) {
      return p[0];
    }
  },

  /** {@link CurveFamily#EXP3}. */
  EXP3 {
    @Override
    public double value(double x, double[] p) {
      return p[0] * Math.exp(-p[1] * x) + p[2];
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = Math.exp(-Math.exp(t[0]) * x);
      out[1] = 1;
    }

    @Override
    public int boundedCoefficient() {
      return 1;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], Math.exp(t[0]), lin[1]};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {Math.log(p[1])};
    }

    @Override
    public double[][] thetaStarts() {
      return logs(new double[][] {{0.5}, {2}, {8}, {30}});
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] / s, p[2]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[2];
    }
  },

  /** {@link CurveFamily#MMF4}. */
  MMF4 {
    @Override
    public double value(double x, double[] p) {
      double u = Math.pow(x, p[3]);
      return (p[0] * p[1] + p[2] * u) / (p[1] + u);
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      double b = Math.exp(t[0]);
      double u = Math.pow(x, Math.exp(t[1]));
      out[0] = b / (b + u);
      out[1] = u / (b + u);
    }

    @Override
    public int boundedCoefficient() {
      return 1;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], Math.exp(t[0]), lin[1], Math.exp(t[1])};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {Math.log(p[1]), Math.log(p[3])};
    }

    @Override
    public double[][] thetaStarts() {
      return logs(
          new double[][] {{0.05, 1}, {0.3, 1}, {0.05, 0.5}, {0.3, 0.5}, {0.1, 2}, {0.01, 1.5}});
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[3]), p[2], p[3]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[2];
    }
  },

  /** {@link CurveFamily#WBL4}. */
  WBL4 {
    @Override
    public double value(double x, double[] p) {
      return p[2] - p[1] * Math.exp(-p[0] * Math.pow(x, p[3]));
    }

    @Override
    public void basis(double x, double[] t, double[] out) {
      out[0] = -Math.exp(-Math.exp(t[0]) * Math.pow(x, Math.exp(t[1])));
      out[1] = 1;
    }

    @Override
    public int boundedCoefficient() {
      return 1;
    }

    @Override
    public double[] params(double[] lin, double[] t) {
      return new double[] {Math.exp(t[0]), lin[0], lin[1], Math.exp(t[1])};
    }

    @Override
    public double[] theta(double[] p) {
      return new double[] {Math.log(p[0]), Math.log(p[3])};
    }

    @Override
    public double[][] thetaStarts() {
      return logs(new double[][] {{1, 1}, {3, 1}, {10, 1}, {1, 0.5}, {3, 0.5}, {10, 0.5}});
    }

    @Override
    public double[] toNatural(double[] p, double s) {
      return new double[] {p[0] * Math.pow(s, -p[3]), p[1], p[2], p[3]};
    }

    @Override
    public double asymptote(double[] p) {
      return p[2];
    }
  };

  private static double[][] logs(double[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = new double[v[i].length];
      for (int j = 0; j < v[i].length; j++) {
        out[i][j] = Math.log(v[i][j]);
      }
    }
    return out;
  }
}
