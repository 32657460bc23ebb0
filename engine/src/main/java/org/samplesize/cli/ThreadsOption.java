package org.samplesize.cli;

import org.samplesize.InvalidInputException;
import org.samplesize.NumberText;
import org.samplesize.ThreadCount;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of every command, mixed in so that each command reads and checks it
 * the same way: 0 (or no flag) means all cores, otherwise 1 to {@link ThreadCount#MAX}; anything
 * else is refused with the valid range while the command line is parsed, before any work.
 */
final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Converter.class,
      description = "Worker threads: 0 = all cores (the default), or 1 to " + ThreadCount.MAX + ".")
  Integer value;

  /**
   * @return the number given, or null when {@code --threads} was not given
   */
  Integer given() {
    return value;
  }

  /**
   * @return the number given, 0 (all cores) when none was
   */
  int setting() {
    return value == null ? 0 : value;
  }

  /**
   * @return the threads to use: the number given, or all cores for 0 or no flag
   */
  int count() {
    return ThreadCount.resolve(setting());
  }

  /** Reads the count as a whole number of any size, so that a huge one is told its range too. */
  static final class Converter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      java.math.BigInteger v;
      try {
        v = NumberText.parseWhole(text);
      } catch (NumberFormatException e) {
        String hint = NumberText.hint(text, false);
        throw new CommandLine.TypeConversionException(
            "'"
                + text
                + "' is not a whole number"
                + (hint.isEmpty() ? ": give " + ThreadCount.RANGE : hint));
      }
      try {
        // Beyond a long it is out of range all the same.
        return ThreadCount.check("threads", v.bitLength() < 63 ? v.longValue() : -1);
      } catch (InvalidInputException e) {
        throw new CommandLine.TypeConversionException(
            text.strip() + " is out of range: give " + ThreadCount.RANGE);
      }
    }
  }
}
