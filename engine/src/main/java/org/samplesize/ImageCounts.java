package org.samplesize;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Image counts as the answers print them: exact below 1,000, three significant digits from 1,000 on
 * (an answer of "4,213 images" claims a precision no learning curve has), with thousands
 * separators. The ends of an interval round outwards ({@link #down}, {@link #up}), so the printed
 * interval always holds the computed one. The overall answer's sentences and the per-class lines
 * round through here and say "about"; the report's tables show the numbers {@code fit.json} holds,
 * as a table is read as exact.
 */
public final class ImageCounts {
  private ImageCounts() {}

  /**
   * @param n a count
   * @return it rounded to the nearest, e.g. {@code 4,210} for 4,213
   */
  public static String about(long n) {
    return words(n, RoundingMode.HALF_UP);
  }

  /**
   * The number {@link #about} prints, so that a difference worked from it agrees with the printed
   * figure ("about 3,520 images, about 217 more than the 3,303 here", not 214).
   *
   * @param n a count
   * @return it rounded to the nearest with three significant digits (at or above 1,000)
   */
  public static long rounded(long n) {
    return rounded(n, RoundingMode.HALF_UP);
  }

  /**
   * @param n an interval's lower end
   * @return it rounded down: the lower end must not move inwards
   */
  public static String down(long n) {
    return words(n, RoundingMode.FLOOR);
  }

  /**
   * @param n an interval's upper end
   * @return it rounded up: the upper end must not move inwards
   */
  public static String up(long n) {
    return words(n, RoundingMode.CEILING);
  }

  private static String words(long n, RoundingMode mode) {
    return String.format(Locale.ROOT, "%,d", rounded(n, mode));
  }

  private static long rounded(long n, RoundingMode mode) {
    return n < 1000 ? n : new BigDecimal(n).round(new MathContext(3, mode)).longValue();
  }
}
