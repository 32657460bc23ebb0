package org.samplesize.fit;

import java.util.List;
import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * A learning-curve family: accuracy as a function of the training-set size {@code n}. {@code pow2}
 * is the recipe's curve and {@code pow3} the inverse power law; {@code pow4}, {@code exp3}, {@code
 * log2}, {@code vap3}, {@code mmf4} and {@code wbl4} follow the definitions of the Learning Curve
 * Database (LCDB, Mohr et al. 2022) with their parameter names; {@code last1} is the last observed
 * mean, the baseline every family has to beat.
 *
 * <p>Internally every family is evaluated on the scaled size {@code x = n / scale} (scale = the
 * largest size of the curve), which keeps the fit well conditioned; {@link #toNatural(double[],
 * double)} converts the fitted parameters back to the formula in {@code n} that is reported. Every
 * asymptote is held in [0, 1]; rates and exponents are positive where the family needs it. The
 * constant holds a family's name, formula and bounds; its {@link FamilyShape} the mathematics.
 */
public enum CurveFamily {
  /** {@code a·n^b}: the recipe's curve. No asymptote when {@code b > 0}. */
  POW2("pow2", "a·n^b", 1, new double[] {-10}, new double[] {10}, OpenShape.POW2, "a", "b"),

  /** {@code c − a·n^(−alpha)}: inverse power law with asymptote {@code c ≤ 1}, alpha > 0. */
  POW3(
      "pow3",
      "c − a·n^(−alpha)",
      2,
      new double[] {Math.log(1e-3)},
      new double[] {Math.log(10)},
      SaturatingShape.POW3,
      "c",
      "a",
      "alpha"),

  /** LCDB {@code pow4}: {@code a − b·(d + n)^(−c)}, asymptote {@code a ≤ 1}, c > 0, d ≥ 0. */
  POW4(
      "pow4",
      "a − b·(d + n)^(−c)",
      2,
      new double[] {Math.log(1e-3), Math.log(1e-6)},
      new double[] {Math.log(10), Math.log(100)},
      SaturatingShape.POW4,
      "a",
      "b",
      "c",
      "d"),

  /** LCDB {@code exp3}: {@code a·exp(−b·n) + c}, asymptote {@code c ≤ 1}, b > 0. */
  EXP3(
      "exp3",
      "a·exp(−b·n) + c",
      2,
      new double[] {Math.log(1e-4)},
      new double[] {Math.log(1e3)},
      SaturatingShape.EXP3,
      "a",
      "b",
      "c"),

  /** LCDB {@code log2}: {@code −a·ln(n) + b}. Grows without bound when {@code a < 0}. */
  LOG2("log2", "−a·ln(n) + b", 2, new double[0], new double[0], OpenShape.LOG2, "a", "b"),

  /** LCDB {@code vap3} (vapour pressure): {@code exp(a + b/n + c·ln(n))}. */
  VAP3(
      "vap3",
      "exp(a + b/n + c·ln(n))",
      1,
      new double[] {-50, -5},
      new double[] {50, 5},
      OpenShape.VAP3,
      "a",
      "b",
      "c"),

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
      SaturatingShape.MMF4,
      "a",
      "b",
      "c",
      "d"),

  /** LCDB {@code wbl4} (Weibull): {@code c − b·exp(−a·n^d)}, asymptote {@code c ≤ 1}, a, d > 0. */
  WBL4(
      "wbl4",
      "c − b·exp(−a·n^d)",
      2,
      new double[] {Math.log(1e-6), Math.log(1e-2)},
      new double[] {Math.log(1e4), Math.log(10)},
      SaturatingShape.WBL4,
      "a",
      "b",
      "c",
      "d"),

  /** {@code a}: the mean at the largest observed size, carried forward. Not fitted. */
  LAST1("last1", "a (last observed mean)", 1, new double[0], new double[0], OpenShape.LAST1, "a");

  private final String id;
  private final String formula;
  private final int linearCount;
  private final double[] thetaLower;
  private final double[] thetaUpper;
  private final List<String> parameterNames;
  private final FamilyShape shape;

  CurveFamily(
      String id,
      String formula,
      int linearCount,
      double[] thetaLower,
      double[] thetaUpper,
      FamilyShape shape,
      String... parameterNames) {
    this.id = id;
    this.formula = formula;
    this.linearCount = linearCount;
    this.thetaLower = thetaLower;
    this.thetaUpper = thetaUpper;
    this.parameterNames = List.of(parameterNames);
    this.shape = shape;
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
  double value(double x, double[] p) {
    return shape.value(x, p);
  }

  // The fit's view of a family: linear coefficients over basis functions of theta (FamilyShape
  // says how); the shape does the mathematics, the constant holds its bounds.

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
  void basis(double x, double[] theta, double[] out) {
    shape.basis(x, theta, out);
  }

  /** Index of the linear coefficient held in [{@link #coefficientLower}, upper], or -1. */
  int boundedCoefficient() {
    return shape.boundedCoefficient();
  }

  /** Bounds of the bounded coefficient: [0, 1] for an asymptote. */
  double coefficientLower() {
    return shape.coefficientLower();
  }

  double coefficientUpper() {
    return shape.coefficientUpper();
  }

  /** Scaled parameters (in {@link #parameterNames()} order) from coefficients and theta. */
  double[] params(double[] lin, double[] theta) {
    return shape.params(lin, theta);
  }

  /** Theta of scaled parameters (for warm starts). */
  double[] theta(double[] p) {
    return shape.theta(p);
  }

  /** Starting points for theta. */
  double[][] thetaStarts() {
    return shape.thetaStarts();
  }

  /**
   * Converts scaled parameters (fitted against {@code x = n / scale}) to the parameters of the
   * formula in {@code n}.
   *
   * @param p scaled parameters
   * @param scale the size that maps to x = 1
   * @return the parameters of {@link #formula()} in the order of {@link #parameterNames()}
   */
  double[] toNatural(double[] p, double scale) {
    return shape.toNatural(p, scale);
  }

  /**
   * The limit of the curve as n grows without bound: finite for families with an asymptote,
   * ±infinity for unbounded ones, NaN where the parameters give no limit.
   */
  double asymptote(double[] p) {
    return shape.asymptote(p);
  }

  @Override
  public String toString() {
    return id;
  }
}
