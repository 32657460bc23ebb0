package org.samplesize.fit;

/**
 * The fitted curve's accuracy at a size, with its bootstrap percentile interval.
 *
 * @param n the training-set size
 * @param accuracy the curve's value at {@code n}
 * @param lo lower end of the interval, never above {@code accuracy}; NaN when the bootstrap is off
 * @param hi upper end of the interval, never below {@code accuracy}; NaN when the bootstrap is off
 */
public record Prediction(double n, double accuracy, double lo, double hi) {

  /**
   * @return whether an interval was computed
   */
  public boolean hasInterval() {
    return !Double.isNaN(lo);
  }
}
