package org.samplesize;

import java.util.Locale;

/**
 * The thread-count setting every command shares ({@code --threads}, and the {@code threads} key of
 * a run's settings file): 0 means all available cores, otherwise 1 to {@link #MAX}. The bound is
 * fixed, not tied to this machine, so a settings file valid on one machine is valid on every other;
 * it lies far above any useful count (the work is CPU-bound, so threads beyond the cores only wait)
 * and far below the counts that exhaust memory, since every worker holds its own buffers and stack.
 */
public final class ThreadCount {
  private ThreadCount() {}

  /** The most threads any command accepts. */
  public static final int MAX = 256;

  /** The valid values, in words, for messages and help. */
  public static final String RANGE = "0 (all cores) or 1 to " + MAX;

  /**
   * @param setting what the user wrote it as, e.g. {@code --threads}
   * @param value the number given
   * @return {@code value} when it is 0 or 1 to {@link #MAX}
   * @throws InvalidInputException naming the setting, the value and the valid range otherwise
   */
  public static int check(String setting, long value) {
    if (value < 0 || value > MAX) {
      throw new InvalidInputException(
          String.format(Locale.ROOT, "%s: %d is out of range: give %s", setting, value, RANGE));
    }
    return (int) value;
  }

  /**
   * @param value a checked count ({@link #check})
   * @return {@code value}, or the available cores when it is 0
   */
  public static int resolve(int value) {
    return value > 0 ? value : Runtime.getRuntime().availableProcessors();
  }
}
