package org.samplesize.fit;

import java.util.Locale;
import org.samplesize.InvalidInputException;

/**
 * How the rows of a curve are weighted in the least-squares fit. Whatever the weights, the fit uses
 * every repeat row, not only the size means.
 */
public enum Weighting {
  /** Every row counts the same (the default). */
  NONE("none"),
  /**
   * Each row is weighted by 1 / (variance of the repeats at its size). A size whose repeats agree
   * exactly, or that has a single repeat, gets at least a tenth of the pooled variance so no size
   * gets an unbounded weight.
   */
  REPEAT_VARIANCE("repeat-variance"),
  /**
   * Each row is weighted by test_size / (p·(1 − p)), p = the mean accuracy at its size (clamped to
   * [0.001, 0.999]): the inverse binomial variance of an accuracy measured on test_size images.
   * Needs a {@code test_size} column.
   */
  BINOMIAL("binomial");

  private final String id;

  Weighting(String id) {
    this.id = id;
  }

  /**
   * @return the name used on the command line and in {@code fit.json}
   */
  public String id() {
    return id;
  }

  /**
   * @param id {@code none}, {@code repeat-variance} or {@code binomial}
   * @return the weighting
   * @throws InvalidInputException for any other name
   */
  public static Weighting byId(String id) {
    String want = id.trim().toLowerCase(Locale.ROOT);
    for (Weighting w : values()) {
      if (w.id.equals(want)) {
        return w;
      }
    }
    throw new InvalidInputException(
        "--weights: unknown weighting '" + id + "'; choose none, repeat-variance or binomial");
  }

  @Override
  public String toString() {
    return id;
  }
}
