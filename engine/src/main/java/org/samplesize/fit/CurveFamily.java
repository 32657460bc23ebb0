package org.samplesize.fit;

import java.util.List;
import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * A learning-curve family: accuracy as a function of the training-set size {@code n}. {@code pow2}
 * and {@code pow3} are written as the issue and the recipe write them; {@code pow4}, {@code exp3},
 * {@code log2}, {@code vap3}, {@code mmf4} and {@code wbl4} follow the definitions of the Learning
 * Curve Database (LCDB, Mohr et al. 2022) with their parameter names; {@code last1} is the last
 * observed mean, the baseline every family has to beat.
 *
 * <p>Internally every family is evaluated on the scaled size {@code x = n / scale} (scale = the
 * largest size of the curve), which keeps the fit well conditioned; {@link #toNatural(double[],
 * double)} converts the fitted parameters back to the formula in {@code n} that is reported. Every
 * asymptote is held in [0, 1]; rates and exponents are positive where the family needs it.
 */
public enum CurveFamily {
  /** {@code a·n^b}: the recipe's curve. No asymptote when {@code b > 0}. */
  POW2("pow2", "a·n^b", 1, new double[] {-10}, new double[] {10}, "a", "b") {
    @Override
    double value(double x, double[] p) {
      return p[0] * Math.pow(x, p[1]);
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = Math.pow(x, t[0]);
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], t[0]};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {p[1]};
    }

    @Override
    double[][] thetaStarts() {
      return new double[][] {{0.05}, {0.2}, {-0.1}, {0.6}};
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0] * Math.pow(s, -p[1]), p[1]};
    }

    @Override
    double asymptote(double[] p) {
      return p[1] < 0 ? 0 : p[1] == 0 ? p[0] : Math.copySign(Double.POSITIVE_INFINITY, p[0]);
    }
  },

  /** {@code c − a·n^(−alpha)}: inverse power law with asymptote {@code c ≤ 1}, alpha > 0. */
  POW3(
      "pow3",
      "c − a·n^(−alpha)",
      2,
      new double[] {Math.log(1e-3)},
      new double[] {Math.log(10)},
      "c",
      "a",
      "alpha") {
    @Override
    double value(double x, double[] p) {
      return p[0] - p[1] * Math.pow(x, -p[2]);
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = 1;
      out[1] = -Math.pow(x, -Math.exp(t[0]));
    }

    @Override
    int boundedCoefficient() {
      return 0;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1], Math.exp(t[0])};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {Math.log(p[2])};
    }

    @Override
    double[][] thetaStarts() {
      return logs(new double[][] {{0.1}, {0.3}, {1}, {3}});
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[2]), p[2]};
    }

    @Override
    double asymptote(double[] p) {
      return p[0];
    }
  },

  /** LCDB {@code pow4}: {@code a − b·(d + n)^(−c)}, asymptote {@code a ≤ 1}, c > 0, d ≥ 0. */
  POW4(
      "pow4",
      "a − b·(d + n)^(−c)",
      2,
      new double[] {Math.log(1e-3), Math.log(1e-6)},
      new double[] {Math.log(10), Math.log(100)},
      "a",
      "b",
      "c",
      "d") {
    @Override
    double value(double x, double[] p) {
      return p[0] - p[1] * Math.pow(p[3] + x, -p[2]);
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = 1;
      out[1] = -Math.pow(Math.exp(t[1]) + x, -Math.exp(t[0]));
    }

    @Override
    int boundedCoefficient() {
      return 0;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1], Math.exp(t[0]), Math.exp(t[1])};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {Math.log(p[2]), Math.log(Math.max(p[3], 1e-6))};
    }

    @Override
    double[][] thetaStarts() {
      return logs(
          new double[][] {{0.3, 1e-3}, {1, 1e-3}, {3, 1e-3}, {0.3, 0.3}, {1, 0.3}, {3, 0.3}});
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[2]), p[2], p[3] * s};
    }

    @Override
    double asymptote(double[] p) {
      return p[0];
    }
  },

  /** LCDB {@code exp3}: {@code a·exp(−b·n) + c}, asymptote {@code c ≤ 1}, b > 0. */
  EXP3(
      "exp3",
      "a·exp(−b·n) + c",
      2,
      new double[] {Math.log(1e-4)},
      new double[] {Math.log(1e3)},
      "a",
      "b",
      "c") {
    @Override
    double value(double x, double[] p) {
      return p[0] * Math.exp(-p[1] * x) + p[2];
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = Math.exp(-Math.exp(t[0]) * x);
      out[1] = 1;
    }

    @Override
    int boundedCoefficient() {
      return 1;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], Math.exp(t[0]), lin[1]};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {Math.log(p[1])};
    }

    @Override
    double[][] thetaStarts() {
      return logs(new double[][] {{0.5}, {2}, {8}, {30}});
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] / s, p[2]};
    }

    @Override
    double asymptote(double[] p) {
      return p[2];
    }
  },

  /** LCDB {@code log2}: {@code −a·ln(n) + b}. Grows without bound when {@code a < 0}. */
  LOG2("log2", "−a·ln(n) + b", 2, new double[0], new double[0], "a", "b") {
    @Override
    double value(double x, double[] p) {
      return -p[0] * Math.log(x) + p[1];
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = -Math.log(x);
      out[1] = 1;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], lin[1]};
    }

    @Override
    double[] theta(double[] p) {
      return new double[0];
    }

    @Override
    double[][] thetaStarts() {
      return new double[][] {{}};
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] + p[0] * Math.log(s)};
    }

    @Override
    double asymptote(double[] p) {
      return p[0] == 0 ? p[1] : p[0] < 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
  },

  /** LCDB {@code vap3} (vapour pressure): {@code exp(a + b/n + c·ln(n))}. */
  VAP3(
      "vap3",
      "exp(a + b/n + c·ln(n))",
      1,
      new double[] {-50, -5},
      new double[] {50, 5},
      "a",
      "b",
      "c") {
    @Override
    double value(double x, double[] p) {
      return Math.exp(p[0] + p[1] / x + p[2] * Math.log(x));
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = Math.exp(t[0] / x + t[1] * Math.log(x));
    }

    @Override
    int boundedCoefficient() {
      return 0;
    }

    @Override
    double coefficientLower() {
      return 1e-12;
    }

    @Override
    double coefficientUpper() {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {Math.log(lin[0]), t[0], t[1]};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {p[1], p[2]};
    }

    @Override
    double[][] thetaStarts() {
      return new double[][] {{0, 0}, {-0.1, 0}, {-0.3, 0.05}, {0, 0.05}};
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0] - p[2] * Math.log(s), p[1] * s, p[2]};
    }

    @Override
    double asymptote(double[] p) {
      return p[2] > 0 ? Double.POSITIVE_INFINITY : p[2] < 0 ? 0 : Math.exp(p[0]);
    }
  },

  /**
   * LCDB {@code mmf4} (Morgan-Mercer-Flodin): {@code (a·b + c·n^d) / (b + n^d)}; {@code a} at n =
   * 0, asymptote {@code c ≤ 1}, b > 0, d > 0.
   */
  MMF4(
      "mmf4",
      "(a·b + c·n^d) / (b + n^d)",
      2,
      new double[] {Math.log(1e-9), Math.log(1e-2)},
      new double[] {Math.log(1e9), Math.log(10)},
      "a",
      "b",
      "c",
      "d") {
    @Override
    double value(double x, double[] p) {
      double u = Math.pow(x, p[3]);
      return (p[0] * p[1] + p[2] * u) / (p[1] + u);
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      double b = Math.exp(t[0]);
      double u = Math.pow(x, Math.exp(t[1]));
      out[0] = b / (b + u);
      out[1] = u / (b + u);
    }

    @Override
    int boundedCoefficient() {
      return 1;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0], Math.exp(t[0]), lin[1], Math.exp(t[1])};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {Math.log(p[1]), Math.log(p[3])};
    }

    @Override
    double[][] thetaStarts() {
      return logs(
          new double[][] {{0.05, 1}, {0.3, 1}, {0.05, 0.5}, {0.3, 0.5}, {0.1, 2}, {0.01, 1.5}});
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0], p[1] * Math.pow(s, p[3]), p[2], p[3]};
    }

    @Override
    double asymptote(double[] p) {
      return p[2];
    }
  },

  /** LCDB {@code wbl4} (Weibull): {@code c − b·exp(−a·n^d)}, asymptote {@code c ≤ 1}, a, d > 0. */
  WBL4(
      "wbl4",
      "c − b·exp(−a·n^d)",
      2,
      new double[] {Math.log(1e-6), Math.log(1e-2)},
      new double[] {Math.log(1e4), Math.log(10)},
      "a",
      "b",
      "c",
      "d") {
    @Override
    double value(double x, double[] p) {
      return p[2] - p[1] * Math.exp(-p[0] * Math.pow(x, p[3]));
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = -Math.exp(-Math.exp(t[0]) * Math.pow(x, Math.exp(t[1])));
      out[1] = 1;
    }

    @Override
    int boundedCoefficient() {
      return 1;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {Math.exp(t[0]), lin[0], lin[1], Math.exp(t[1])};
    }

    @Override
    double[] theta(double[] p) {
      return new double[] {Math.log(p[0]), Math.log(p[3])};
    }

    @Override
    double[][] thetaStarts() {
      return logs(new double[][] {{1, 1}, {3, 1}, {10, 1}, {1, 0.5}, {3, 0.5}, {10, 0.5}});
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return new double[] {p[0] * Math.pow(s, -p[3]), p[1], p[2], p[3]};
    }

    @Override
    double asymptote(double[] p) {
      return p[2];
    }
  },

  /** {@code a}: the mean at the largest observed size, carried forward. Not fitted. */
  LAST1("last1", "a (last observed mean)", 1, new double[0], new double[0], "a") {
    @Override
    double value(double x, double[] p) {
      return p[0];
    }

    @Override
    void basis(double x, double[] t, double[] out) {
      out[0] = 1;
    }

    @Override
    double[] params(double[] lin, double[] t) {
      return new double[] {lin[0]};
    }

    @Override
    double[] theta(double[] p) {
      return new double[0];
    }

    @Override
    double[][] thetaStarts() {
      return new double[][] {{}};
    }

    @Override
    double[] toNatural(double[] p, double s) {
      return p.clone();
    }

    @Override
    double asymptote(double[] p) {
      return p[0];
    }
  };

  private final String id;
  private final String formula;
  private final int linearCount;
  private final double[] thetaLower;
  private final double[] thetaUpper;
  private final List<String> parameterNames;

  CurveFamily(
      String id,
      String formula,
      int linearCount,
      double[] thetaLower,
      double[] thetaUpper,
      String... parameterNames) {
    this.id = id;
    this.formula = formula;
    this.linearCount = linearCount;
    this.thetaLower = thetaLower;
    this.thetaUpper = thetaUpper;
    this.parameterNames = List.of(parameterNames);
  }

  /**
   * @return the short name used on the command line and in {@code fit.json}, e.g. {@code pow3}
   */
  public String id() {
    return id;
  }

  /**
   * @return the formula in {@code n}, e.g. {@code c − a·n^(−alpha)}
   */
  public String formula() {
    return formula;
  }

  /**
   * @return the parameter names in the order of {@link #toNatural(double[], double)}
   */
  public List<String> parameterNames() {
    return parameterNames;
  }

  /**
   * @return the number of free parameters; the curve needs at least this many distinct sizes
   */
  public int parameterCount() {
    return parameterNames.size();
  }

  /**
   * Looks a family up by its short name.
   *
   * @param id a short name such as {@code pow2} (case-insensitive)
   * @return the family
   * @throws InvalidInputException when no family has that name
   */
  public static CurveFamily byId(String id) {
    String want = id.trim().toLowerCase(Locale.ROOT);
    for (CurveFamily f : values()) {
      if (f.id.equals(want)) {
        return f;
      }
    }
    throw new InvalidInputException(
        "unknown curve family '" + id + "'; choose auto or one or more of " + ids());
  }

  /**
   * @return every family's short name, comma-separated
   */
  public static String ids() {
    StringBuilder sb = new StringBuilder();
    for (CurveFamily f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f.id);
    }
    return sb.toString();
  }

  /** Value at scaled size {@code x} with scaled parameters {@code p}. */
  abstract double value(double x, double[] p);

  /*
   * Every family is a linear combination of one or two basis functions whose shape depends on at
   * most two nonlinear parameters theta (in unbounded coordinates: a positive parameter is exp of
   * its theta). The fitter solves the linear coefficients exactly for each theta (variable
   * projection) and runs Levenberg-Marquardt over theta only.
   */

  /** Number of linear coefficients (1 or 2). */
  int linearCount() {
    return linearCount;
  }

  /** Number of nonlinear parameters theta (0 to 2). */
  int nonlinearCount() {
    return thetaLower.length;
  }

  /** Box for theta. */
  double[] thetaLower() {
    return thetaLower.clone();
  }

  double[] thetaUpper() {
    return thetaUpper.clone();
  }

  /** The basis functions at scaled size {@code x} for {@code theta}, into {@code out}. */
  abstract void basis(double x, double[] theta, double[] out);

  /** Index of the linear coefficient held in [{@link #coefficientLower}, upper], or -1. */
  int boundedCoefficient() {
    return -1;
  }

  /** Bounds of the bounded coefficient: [0, 1] for an asymptote. */
  double coefficientLower() {
    return 0;
  }

  double coefficientUpper() {
    return 1;
  }

  /** Scaled parameters (in {@link #parameterNames()} order) from coefficients and theta. */
  abstract double[] params(double[] lin, double[] theta);

  /** Theta of scaled parameters (for warm starts). */
  abstract double[] theta(double[] p);

  /** Starting points for theta. */
  abstract double[][] thetaStarts();

  /**
   * Converts scaled parameters (fitted against {@code x = n / scale}) to the parameters of the
   * formula in {@code n}.
   *
   * @param p scaled parameters
   * @param scale the size that maps to x = 1
   * @return the parameters of {@link #formula()} in the order of {@link #parameterNames()}
   */
  abstract double[] toNatural(double[] p, double scale);

  /**
   * The limit of the curve as n grows without bound: finite for families with an asymptote,
   * ±infinity for unbounded ones, NaN where the parameters give no limit.
   */
  abstract double asymptote(double[] p);

  @Override
  public String toString() {
    return id;
  }

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
