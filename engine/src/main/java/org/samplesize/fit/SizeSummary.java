package org.samplesize.fit;

/**
 * The repeats at one size, summarised.
 *
 * @param size the training-set size
 * @param repeats how many rows have this size
 * @param mean mean of the metric over the repeats
 * @param std population standard deviation (ddof = 0, as the recipe's error bars)
 */
public record SizeSummary(double size, int repeats, double mean, double std) {}
