package org.samplesize.train;

/**
 * The counter-based generator behind every dropout mask, shared bit for bit by the CPU and CUDA
 * backends so that both drop the same elements. Element {@code e} of batch row {@code b} at a
 * model's 0-based Adam iteration {@code t} takes 32 bits of {@code mix64(key + (counter + 1) *
 * GOLDEN)}, where {@code counter = (t * batchSize + b) * ceil(cols / 2) + e / 2}: the high half for
 * even {@code e}, the low half for odd {@code e}. {@code mix64} is SplitMix64's finaliser, so
 * {@code bits(key, c)} is the {@code (c + 1)}-th {@code nextLong()} of {@code new
 * SplittableRandom(key)}. The element is kept when those 32 bits, unsigned, are &ge; {@link
 * #dropThreshold(double)}; kept elements are divided by {@code 1 - rate} (Keras' inverted dropout).
 */
public final class DropoutRng {
  /** SplitMix64's increment (the golden ratio in 64 bits). */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** SplitMix64's first multiplier. */
  public static final long MIX1 = 0xBF58476D1CE4E5B9L;

  /** SplitMix64's second multiplier. */
  public static final long MIX2 = 0x94D049BB133111EBL;

  private DropoutRng() {}

  /**
   * @param z any 64 bits
   * @return SplitMix64's finaliser of {@code z}
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * MIX1;
    z = (z ^ (z >>> 27)) * MIX2;
    return z ^ (z >>> 31);
  }

  /**
   * @param key a model's dropout key
   * @param counter position in its stream
   * @return 64 random bits
   */
  public static long bits(long key, long counter) {
    return mix64(key + (counter + 1) * GOLDEN);
  }

  /**
   * @param rate dropout rate in {@code [0, 1)}
   * @return the unsigned 32-bit value below which an element is dropped: {@code floor(rate * 2^32)}
   */
  public static long dropThreshold(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate = " + rate + ", expected [0, 1)");
    }
    return (long) Math.floor(rate * 4294967296.0);
  }

  /**
   * @param cols elements per row
   * @return 64-bit draws per row, {@code ceil(cols / 2)}
   */
  public static long pairsPerRow(int cols) {
    return (cols + 1L) / 2;
  }

  /**
   * The counter of the draw that serves elements {@code 2 * pair} and {@code 2 * pair + 1}.
   *
   * @param iteration the model's 0-based Adam iteration
   * @param batchSize the configured batch size
   * @param row row within the batch
   * @param pair element pair within the row
   * @param cols elements per row
   * @return the counter
   */
  public static long counter(long iteration, int batchSize, int row, long pair, int cols) {
    return (iteration * batchSize + row) * pairsPerRow(cols) + pair;
  }

  /**
   * Whether one element survives, the slow way (tests and documentation; the backends inline it).
   *
   * @param key a model's dropout key
   * @param iteration the model's 0-based Adam iteration
   * @param batchSize the configured batch size
   * @param row row within the batch
   * @param element element within the row
   * @param cols elements per row
   * @param threshold from {@link #dropThreshold(double)}
   * @return true when kept
   */
  public static boolean keep(
      long key, long iteration, int batchSize, int row, int element, int cols, long threshold) {
    long h = bits(key, counter(iteration, batchSize, row, element >>> 1, cols));
    long u = (element & 1) == 0 ? h >>> 32 : h & 0xFFFFFFFFL;
    return u >= threshold;
  }
}
