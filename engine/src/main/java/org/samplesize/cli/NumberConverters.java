package org.samplesize.cli;

import org.samplesize.NumberText;
import picocli.CommandLine;

/**
 * How every command reads a number typed on the command line: through {@link NumberText}, with the
 * range checked while the typed text is still known. Kept apart from {@link Main} so that the rules
 * for numbers can change without touching the command line's set-up or its error handling.
 */
final class NumberConverters {
  private NumberConverters() {}

  /**
   * Every number flag of every command reads its value through {@link NumberText}: picocli's own
   * converters take Java's forms ({@code --target 0.9f}, {@code --level 0x1p-1}, digits of other
   * scripts in {@code --seed}), which a user does not mean as numbers. Flags with a converter of
   * their own ({@code --threads}, {@code --bootstrap}) and text flags ({@code --predict}, {@code
   * --target} of {@code fit}) use it too.
   */
  static void register(CommandLine cl) {
    CommandLine.ITypeConverter<Double> decimal = NumberConverters::decimal;
    CommandLine.ITypeConverter<Float> single = NumberConverters::single;
    CommandLine.ITypeConverter<Integer> integer =
        t -> whole(t, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    CommandLine.ITypeConverter<Long> longInteger =
        t -> whole(t, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    cl.registerConverter(Double.class, decimal);
    cl.registerConverter(Double.TYPE, decimal);
    cl.registerConverter(Float.class, single);
    cl.registerConverter(Float.TYPE, single);
    cl.registerConverter(Integer.class, integer);
    cl.registerConverter(Integer.TYPE, integer);
    cl.registerConverter(Long.class, longInteger);
    cl.registerConverter(Long.TYPE, longInteger);
  }

  private static double decimal(String text) {
    if (!NumberText.isDecimal(text)) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' must be a number" + NumberText.hint(text));
    }
    try {
      return NumberText.parseDouble(text);
    } catch (NumberFormatException outOfRange) {
      throw new CommandLine.TypeConversionException(outOfRange.getMessage());
    }
  }

  /** A float flag ({@code --scale}, {@code --mean}): 1e39 is refused, not read as Infinity. */
  private static float single(String text) {
    decimal(text);
    try {
      return NumberText.parseFloat(text);
    } catch (NumberFormatException outOfRange) {
      throw new CommandLine.TypeConversionException(outOfRange.getMessage());
    }
  }

  /**
   * Reads a flag whose value lies strictly between 0 and 1 ({@code --level}, {@code
   * --target-recall}), checking the range here, where the text is known: a later check would name
   * Java's value, {@code Infinity} for {@code 1e400} and {@code -0.0} for {@code -0}, not what was
   * typed.
   */
  static final class OpenFraction implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      double v = decimal(text);
      if (!(v > 0 && v < 1)) {
        throw new CommandLine.TypeConversionException(
            "'" + text.strip() + "' must be in (0, 1), e.g. 0.9");
      }
      return v;
    }
  }

  private static java.math.BigInteger whole(String text, long min, long max) {
    java.math.BigInteger v;
    try {
      v = NumberText.parseWhole(text);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' must be a whole number" + NumberText.hint(text, false));
    }
    if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0
        || v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + text.strip() + "' is out of range: give a whole number from " + min + " to " + max);
    }
    return v;
  }
}
