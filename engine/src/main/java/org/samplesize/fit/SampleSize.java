package org.samplesize.fit;

import java.util.Locale;
import org.samplesize.InvalidInputException;
import org.samplesize.NumberText;

/**
 * A training-set size to predict at: either absolute ({@code 3303}) or relative to the largest
 * observed size of each curve ({@code 2x} = twice the largest size: "what if I double my data?").
 * An absolute size is a whole number of images from 1 to {@link LearningCurveFitter#MAX_SIZE}; a
 * relative one must resolve into that range too ({@link #resolve}), and is rounded to the nearest
 * whole image there (2.5x of 1651 is 4128 images, not 4127.5). Nothing is clamped: a size outside
 * the range is refused.
 *
 * @param value the size, or the factor when {@code relative}
 * @param relative whether {@code value} multiplies the curve's largest size
 */
public record SampleSize(double value, boolean relative) {

  /** Validates. */
  public SampleSize {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new InvalidInputException(
          "--predict: size " + value + " must be a positive finite number");
    }
    if (!relative && (value != Math.rint(value) || value > LearningCurveFitter.MAX_SIZE)) {
      throw new InvalidInputException(
          "--predict: size "
              + value
              + " must be a whole number of examples from 1 to "
              + MAX_TEXT
              + " (or a multiple of the largest size, like 2x)");
    }
    if (relative && value > LearningCurveFitter.MAX_SIZE) {
      throw new InvalidInputException(
          "--predict: " + value + "x must be at most " + MAX_TEXT + "x the largest size");
    }
  }

  private static final String MAX_TEXT =
      String.format(Locale.ROOT, "%.0f", LearningCurveFitter.MAX_SIZE);

  /**
   * Parses {@code 3303}, {@code 2x} or {@code 1.5x}.
   *
   * @param text the flag value
   * @return the size
   * @throws InvalidInputException when the text is neither
   */
  public static SampleSize parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    boolean rel = t.endsWith("x");
    String num = rel ? t.substring(0, t.length() - 1) : t;
    double v;
    try {
      v = NumberText.parseDecimal(num, false);
    } catch (NumberFormatException e) {
      String hint = NumberText.hint(num, false);
      throw new InvalidInputException(
          "--predict: '"
              + text
              + "' is not a size"
              + (hint.matches(".*[0-9]")
                  ? hint + (rel ? "x" : "")
                  : hint
                      + "; write a number of examples (3303) or a multiple of the largest size"
                      + " (2x)"));
    }
    if (!rel && !(v >= 1 && v == Math.rint(v) && v <= LearningCurveFitter.MAX_SIZE)) {
      // 3303.7 images or 1e19 (beyond any size the fit searches) would otherwise be rounded or
      // clamped somewhere downstream; 0 gets the same words as every other size out of range.
      throw new InvalidInputException(
          "--predict: '"
              + text
              + "' must be a whole number of examples from 1 to "
              + MAX_TEXT
              + ", or a multiple of the largest size like 2x");
    }
    if (rel && !(v > 0)) {
      throw new InvalidInputException(
          "--predict: '"
              + text
              + "' must be a multiple of the largest size above 0 and at most "
              + MAX_TEXT
              + "x");
    }
    if (rel && v > LearningCurveFitter.MAX_SIZE) {
      throw new InvalidInputException(
          "--predict: '" + text + "' must be at most " + MAX_TEXT + "x the largest size");
    }
    return new SampleSize(v, rel);
  }

  /**
   * @param largestSize the largest observed size of the curve
   * @return the absolute size: a relative one rounded to the nearest whole image, since a model
   *     trains on whole images
   * @throws InvalidInputException when a relative size resolves below 1 image or beyond {@link
   *     LearningCurveFitter#MAX_SIZE}
   */
  public double resolve(double largestSize) {
    if (!relative) {
      return value;
    }
    double n = value * largestSize;
    double whole = Math.floor(n + 0.5); // halves up: 0.5 images is 1, not 0 as rint's even rule
    if (!(whole >= 1 && whole <= LearningCurveFitter.MAX_SIZE)) {
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "--predict: %s of the largest size %s is %s examples, outside 1 to %s; give a"
                  + " factor that lands in that range",
              plain(value) + "x",
              plain(largestSize),
              plain(n),
              MAX_TEXT));
    }
    return whole;
  }

  /** 0.0001 rather than 1.0E-4, 0.1651 rather than 0.165100. */
  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    String v = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return relative ? v + "x" : v;
  }
}
