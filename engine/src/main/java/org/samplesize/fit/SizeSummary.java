package org.samplesize.fit;

/**
 * The repeats at one size, summarised.
 *
 * @param size the training-set size
 * @param repeats how many rows have this size
 * @param mean mean of the metric over the repeats
 * @param std population standard deviation (ddof = 0, as the recipe's error bars)
 */
public record SizeSummary(double size, int repeats, double mean, double std) {
  /**
   * @return the repeats' sample variance (dividing by repeats − 1, where {@link #std} divides by
   *     repeats), 0 with fewer than 2 repeats
   */
  public double sampleVariance() {
    return repeats >= 2 ? std * std * repeats / (repeats - 1) : 0;
  }
}
