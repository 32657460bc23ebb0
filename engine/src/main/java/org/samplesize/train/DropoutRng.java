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
   * @return the 16-bit value below which an element is dropped: {@code round(rate * 2^16)}
   */
  public static int dropThreshold(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate = " + rate + ", expected [0, 1)");
    }
    return (int) Math.round(rate * 65536.0);
  }

  /**
   * @param cols elements per row
   * @return 64-bit draws per row, {@code ceil(cols / 4)}
   */
  public static long drawsPerRow(int cols) {
    return (cols + 3L) / 4;
  }

  /**
   * The counter of the draw that serves elements {@code 4 * draw} to {@code 4 * draw + 3}.
   *
   * @param iteration the model's 0-based Adam iteration
   * @param batchSize the configured batch size
   * @param row row within the batch
   * @param draw draw within the row
   * @param cols elements per row
   * @return the counter
   */
  public static long counter(long iteration, int batchSize, int row, long draw, int cols) {
    return (iteration * batchSize + row) * drawsPerRow(cols) + draw;
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
      long key, long iteration, int batchSize, int row, int element, int cols, int threshold) {
    long h = bits(key, counter(iteration, batchSize, row, element >>> 2, cols));
    int u = (int) (h >>> (48 - 16 * (element & 3))) & 0xFFFF;
    return u >= threshold;
  }

  /**
   * Fills one row of inverted-dropout multipliers ({@code scale} where kept, 0 where dropped), for
   * callers that apply dropout themselves; the same mask {@link #keep} describes.
   *
   * @param key a model's dropout key
   * @param iteration the model's 0-based Adam iteration
   * @param batchSize the configured batch size
   * @param row row within the batch
   * @param cols elements per row
   * @param threshold from {@link #dropThreshold(double)}
   * @param scale multiplier of kept elements, {@code (float) (1 / (1 - rate))}
   * @param dst receives {@code cols} multipliers
   * @param offset where the row starts in {@code dst}
   */
  public static void fillMask(
      long key,
      long iteration,
      int batchSize,
      int row,
      int cols,
      int threshold,
      float scale,
      float[] dst,
      int offset) {
    long draws = drawsPerRow(cols);
    for (long q = 0; q < draws; q++) {
      long h = bits(key, counter(iteration, batchSize, row, q, cols));
      int e = (int) (4 * q);
      for (int j = 0; j < 4 && e + j < cols; j++) {
        int u = (int) (h >>> (48 - 16 * j)) & 0xFFFF;
        dst[offset + e + j] = u >= threshold ? scale : 0f;
      }
    }
  }
}
