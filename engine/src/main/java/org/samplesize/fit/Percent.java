package org.samplesize.fit;

import java.util.Locale;

/**
 * How fractions are printed as percentages for people. An interval's ends round outwards (the lower
 * end down, the upper end up, to 0.1 percentage points), so that a printed interval always holds
 * the computed one and every text that prints the same interval prints it the same way.
 */
public final class Percent {
  private Percent() {}

  /**
   * A share: {@code 92%}, or {@code 92.5%} when it is not a whole percentage (one decimal, rounded;
   * a target is named by {@link #target}).
   *
   * @param x a fraction
   * @return the percentage
   */
  public static String of(double x) {
    double p = 100 * x;
    return Math.abs(p - Math.rint(p)) < 1e-9
        ? String.format(Locale.ROOT, "%.0f%%", p)
        : String.format(Locale.ROOT, "%.1f%%", p);
  }

  /**
   * A target as a fraction, with the digits it was given (the double's shortest decimal): {@code
   * 0.95}, {@code 0.30000000000000004}; for warnings and tables that name targets as fractions. Six
   * decimals, as these used before, named 0.1234567 "0.123457" and 0.30000000000000004 "0.3", other
   * numbers than the answer's sentence beside them.
   *
   * @param x a fraction
   * @return e.g. {@code 0.95}
   */
  public static String fraction(double x) {
    if (!Double.isFinite(x)) {
      return Double.toString(x);
    }
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /**
   * A target as a percentage, with as many digits as it was given: {@code 95%}, {@code 95.5%},
   * {@code 99.95%}; {@link #of} rounds to one decimal, which named 0.9995 "100.0%" and 0.8995
   * "90.0%", other numbers than the target asked for.
   *
   * @param x a target, a fraction
   * @return e.g. {@code 95%}
   */
  public static String target(double x) {
    if (!Double.isFinite(x)) {
      return x + "%";
    }
    // valueOf: the double's shortest decimal, the digits the user wrote (0.57, not 0.5699...).
    return java.math.BigDecimal.valueOf(x).movePointRight(2).stripTrailingZeros().toPlainString()
        + "%";
  }

  /**
   * A value with one decimal, rounded to nearest: {@code 91.8%}.
   *
   * @param x a fraction
   * @return the percentage
   */
  public static String one(double x) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * x);
  }

  /**
   * An interval's lower end, rounded down to 0.1 percentage points, without the sign: {@code 88.6}
   * for 0.886768.
   *
   * @param x a fraction
   * @return the number
   */
  public static String down(double x) {
    // 1e-9 keeps a value that is a tenth of a point (0.886 stored as 0.88599999…) where it is.
    return String.format(Locale.ROOT, "%.1f", Math.floor(x * 1000 + 1e-9) / 10);
  }

  /**
   * An interval's upper end, rounded up to 0.1 percentage points, without the sign: {@code 93.2}
   * for 0.931801.
   *
   * @param x a fraction
   * @return the number
   */
  public static String up(double x) {
    // + 0.0: an end of 0 rounds up to -0.0 (the ceiling of -1e-9), which prints as "-0.0".
    return String.format(Locale.ROOT, "%.1f", Math.ceil(x * 1000 - 1e-9) / 10 + 0.0);
  }

  /**
   * An interval, its ends rounded outwards: {@code 88.6–93.2%}.
   *
   * @param lo the lower end, a fraction
   * @param hi the upper end, a fraction
   * @return the range
   */
  public static String range(double lo, double hi) {
    return down(lo) + "–" + up(hi) + "%";
  }

  /**
   * Where a curve levels off below a target, in words: {@code levels off at 90.8%, below 92%}; a
   * level a hair below the target (0.8999999999999999 for 0.9, as on a class whose recalls are
   * tenths) would print as 90.0%, and "levels off at 90.0%, below 90%" reads as a contradiction, so
   * it is {@code levels off just below 90%}.
   *
   * @param level where the curve levels off
   * @param target the target, above it
   * @return the phrase
   */
  public static String levelsOffBelow(double level, double target) {
    String t = target(target);
    return looksEqual(level, target)
        ? "levels off just below " + t
        : "levels off at " + one(level) + ", below " + t;
  }

  /**
   * {@link #levelsOffBelow(double, double)} for a curve that may fall after its highest value: a
   * curve that peaks and falls does not level off there, so it {@code never rises above 20.0%,
   * below 90%} (or {@code never quite reaches 90%} for a peak a hair below the target).
   *
   * @param level the curve's highest value ({@link TargetEstimate#levelsOffAt})
   * @param target the target, above it
   * @param falls whether the curve falls after {@code level} ({@link TargetEstimate#falls})
   * @return the phrase
   */
  public static String levelsOffBelow(double level, double target, boolean falls) {
    if (!falls) {
      return levelsOffBelow(level, target);
    }
    String t = target(target);
    return looksEqual(level, target)
        ? "never quite reaches " + t
        : "never rises above " + one(level) + ", below " + t;
  }

  /** Whether a level below the target prints as the target itself, to one decimal (90.0%). */
  private static boolean looksEqual(double level, double target) {
    return String.format(Locale.ROOT, "%.1f", 100 * level)
        .equals(String.format(Locale.ROOT, "%.1f", 100 * target));
  }
}
