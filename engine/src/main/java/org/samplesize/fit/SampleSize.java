package org.samplesize.fit;

import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * A training-set size to predict at: either absolute ({@code 3303}) or relative to the largest
 * observed size of each curve ({@code 2x} = twice the largest size: "what if I double my data?").
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
  }

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
    return new SampleSize(v, rel);
  }

  /**
   * @param largestSize the largest observed size of the curve
   * @return the absolute size
   */
  public double resolve(double largestSize) {
    return relative ? value * largestSize : value;
  }

  @Override
  public String toString() {
    String v = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return relative ? v + "x" : v;
  }
}
