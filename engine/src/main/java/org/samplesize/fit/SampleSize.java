package org.samplesize.fit;

import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * A training-set size to predict at: either absolute ({@code 3303}) or relative to the largest
 * observed size of each curve ({@code 2x} = twice the largest size: "what if I double my data?").
 * An absolute size is a whole number of images from 1 to {@link LearningCurveFitter#MAX_SIZE}; a
 * relative one must resolve into that range too ({@link #resolve}). Nothing is rounded or clamped:
 * a size outside the range is refused.
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
              + " must be a whole number of images from 1 to "
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
      v = Double.parseDouble(num);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "--predict: '"
              + text
              + "' is not a size; write a number of images (3303) or a multiple"
              + " of the largest size (2x)");
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new InvalidInputException("--predict: '" + text + "' must be positive and finite");
    }
    if (!rel && (v != Math.rint(v) || v > LearningCurveFitter.MAX_SIZE)) {
      // 3303.7 images or 1e19 (beyond any size the fit searches) would otherwise be rounded or
      // clamped somewhere downstream.
      throw new InvalidInputException(
          "--predict: '"
              + text
              + "' must be a whole number of images from 1 to "
              + MAX_TEXT
              + ", or a multiple of the largest size like 2x");
    }
    if (rel && v > LearningCurveFitter.MAX_SIZE) {
      throw new InvalidInputException(
          "--predict: '" + text + "' must be at most " + MAX_TEXT + "x the largest size");
    }
    return new SampleSize(v, rel);
  }

  /**
   * @param largestSize the largest observed size of the curve
   * @return the absolute size
   * @throws InvalidInputException when a relative size resolves below 1 image or beyond {@link
   *     LearningCurveFitter#MAX_SIZE}
   */
  public double resolve(double largestSize) {
    if (!relative) {
      return value;
    }
    double n = value * largestSize;
    if (!(n >= 1 && n <= LearningCurveFitter.MAX_SIZE)) {
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "--predict: %s of the largest size %s is %s images, outside 1 to %s; give a"
                  + " factor that lands in that range",
              plain(value) + "x",
              plain(largestSize),
              plain(n),
              MAX_TEXT));
    }
    return n;
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
