package org.samplesize;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as users type them, in a results table's cells and in number flags: plain decimals
 * ({@code 0.95}, {@code -2}, {@code .5}) and scientific notation ({@code 1e3}, {@code 2.5E-1}),
 * digits 0 to 9 only, spaces around them ignored. Java's own forms are refused: its parsers also
 * read {@code 0.9f}, {@code 100d} (type suffixes) and {@code 0x1p-1} (a hexadecimal 0.5), which no
 * user means as a number, and {@code Integer.parseInt} reads other scripts' digits. {@code NaN} and
 * {@code Infinity} are read, so that the caller's check of the range names them.
 */
public final class NumberText {
  private NumberText() {}

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(?:NaN|Infinity)");
  private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern SUFFIX = Pattern.compile("(.*[0-9.])[fFdD]");
  private static final Pattern PERCENT = Pattern.compile("(.*[0-9.])\\s*%");
  private static final Pattern THOUSANDS = Pattern.compile("[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+");
  private static final Pattern DECIMAL_COMMA =
      Pattern.compile("[+-]?[0-9]*,[0-9]+(?:[eE][+-]?[0-9]+)?");

  /**
   * @param text a cell or a flag's value
   * @return whether {@link #parseDecimal} reads it
   */
  public static boolean isDecimal(String text) {
    String t = text.strip();
    return DECIMAL.matcher(t).matches() || NOT_FINITE.matcher(t).matches();
  }

  /**
   * Reads a plain decimal or scientific notation.
   *
   * @param text a cell or a flag's value
   * @return its value
   * @throws NumberFormatException when it is not such a number, with the message {@code 'TEXT' is
   *     not a number} and {@link #hint}'s (the caller adds where it was)
   */
  public static double parseDecimal(String text) {
    return parseDecimal(text, true);
  }

  /**
   * {@link #parseDecimal(String)} for a number that may not be a fraction (a size, a count): a
   * percentage typed there is not told to be written as a fraction ({@link #hint(String,
   * boolean)}).
   *
   * @param text a cell or a flag's value
   * @param fraction whether the number is a fraction (an accuracy, a share)
   * @return its value
   * @throws NumberFormatException when it is not such a number
   */
  public static double parseDecimal(String text, boolean fraction) {
    if (!isDecimal(text)) {
      throw new NumberFormatException("'" + text + "' is not a number" + hint(text, fraction));
    }
    return Double.parseDouble(text.strip());
  }

  /**
   * Reads a plain decimal or scientific notation as a double, refusing a number a double cannot
   * hold: Java reads {@code 1e400} as Infinity and {@code 1e-400} as 0, which the user did not
   * type. {@code NaN} and {@code Infinity} typed as such are read.
   *
   * @param text a flag's value
   * @return its value
   * @throws NumberFormatException when it is not a number, or with the message {@code 'TEXT' is out
   *     of range: ...} naming the range when a double cannot hold it
   */
  public static double parseDouble(String text) {
    double v = parseDecimal(text);
    checkHeld(text, v, "4.9e-324", "1.8e308");
    return v;
  }

  /**
   * Reads a plain decimal or scientific notation as a float (a model card's {@code scale}, {@code
   * mean}, {@code std}), refusing a number a float cannot hold: Java reads {@code 1e39} as Infinity
   * and {@code 1e-46} as 0. {@code NaN} and {@code Infinity} typed as such are read.
   *
   * @param text a flag's value
   * @return its value
   * @throws NumberFormatException when it is not a number, or with the message {@code 'TEXT' is out
   *     of range: ...} naming the range when a float cannot hold it
   */
  public static float parseFloat(String text) {
    float v = (float) parseDouble(text);
    checkHeld(text, v, "1.4e-45", "3.4e38");
    return v;
  }

  /** Refuses a finite number typed that was read as infinite, or a non-zero one read as 0. */
  private static void checkHeld(String text, double read, String smallest, String largest) {
    String t = text.strip();
    if (NOT_FINITE.matcher(t).matches()) {
      return;
    }
    if (Double.isInfinite(read)) {
      throw new NumberFormatException(
          "'" + t + "' is out of range: give a number from -" + largest + " to " + largest);
    }
    // The digits before the exponent are not all zeros, yet it was read as 0.
    if (read == 0 && t.replaceFirst("[eE].*", "").matches(".*[1-9].*")) {
      throw new NumberFormatException(
          "'" + t + "' is out of range: give 0 or a number of at least " + smallest + " in size");
    }
  }

  /**
   * Reads a whole number of any size: digits 0 to 9, an optional sign.
   *
   * @param text a flag's value
   * @return its value
   * @throws NumberFormatException when it is not a whole number, with the message {@code 'TEXT' is
   *     not a whole number} and {@link #hint}'s (the caller adds where it was)
   */
  public static BigInteger parseWhole(String text) {
    String t = text.strip();
    if (!WHOLE.matcher(t).matches()) {
      throw new NumberFormatException("'" + text + "' is not a whole number" + hint(text, false));
    }
    return new BigInteger(t);
  }

  /**
   * What to write instead of a text that is not a number here but reads as one in Java or
   * elsewhere, e.g. {@code ": a type suffix (f, d) is not read; write 0.9"} for {@code 0.9f}.
   *
   * @param text the text refused
   * @return the hint, starting with a colon, or empty when there is none
   */
  public static String hint(String text) {
    return hint(text, true);
  }

  /**
   * {@link #hint(String)}, where a percentage is told to be written as a fraction only when the
   * number is one: {@code --repeats 5%} was told "write it as a fraction, 0.05", which is then
   * refused as not a whole number.
   *
   * @param text the text refused
   * @param fraction whether the number asked for is a fraction (an accuracy, a share)
   * @return the hint, starting with a colon, or empty when there is none
   */
  public static String hint(String text, boolean fraction) {
    String t = text.strip();
    Matcher suffix = SUFFIX.matcher(t);
    if (suffix.matches() && isDecimal(suffix.group(1))) {
      return ": a type suffix (f, d) is not read; write " + suffix.group(1);
    }
    // A spreadsheet's own forms, as a cell copied from one reads: 85.2%, 1,000 and 0,85.
    Matcher percent = PERCENT.matcher(t);
    if (percent.matches() && DECIMAL.matcher(percent.group(1)).matches()) {
      return fraction
          ? ": a percentage is not read; write it as a fraction, "
              + new java.math.BigDecimal(percent.group(1))
                  .movePointLeft(2)
                  .stripTrailingZeros()
                  .toPlainString()
          : ": a percentage is not read here";
    }
    if (THOUSANDS.matcher(t).matches()) {
      return ": write it without the thousands separator ',', " + t.replace(",", "");
    }
    if (DECIMAL_COMMA.matcher(t).matches()) {
      return ": the decimal separator is a point; write " + t.replace(',', '.');
    }
    String plain = t.replace("_", "");
    if (t.contains("_") && !plain.isEmpty() && isDecimal(plain)) {
      return ": write it without '_', " + plain;
    }
    if (t.matches("[+-]?0[xX].*")) {
      try {
        return ": hexadecimal is not read; write it in decimal, " + decimal(Double.parseDouble(t));
      } catch (NumberFormatException notHexFloat) {
        try {
          return ": hexadecimal is not read; write it in decimal, "
              + new BigInteger(t.replaceFirst("0[xX]", ""), 16);
        } catch (NumberFormatException notHex) {
          return "";
        }
      }
    }
    if (t.codePoints().anyMatch(c -> c > 127 && Character.isDigit(c))
        && t.codePoints().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return ": write it with the digits 0 to 9";
    }
    return "";
  }

  /** 0.5 rather than 5.0E-1; Java's own form only where a plain one would be long. */
  private static String decimal(double v) {
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.valueOf((long) v);
    }
    if (a >= 1e-4 && a < 1e15) {
      return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
    return Double.toString(v);
  }
}
