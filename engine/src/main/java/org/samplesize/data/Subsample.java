package org.samplesize.data;

import java.nio.ByteBuffer;
import org.samplesize.io.Sha256;

/**
 * One training subsample of a plan: which training images one model is trained on.
 *
 * @param fraction the share of the training set this subsample stands for
 * @param repeat which repeat of the fraction, from 0
 * @param indices positions into {@link Split#train()} (not data set indices), in draw order; with
 *     replacement a position can appear more than once. Do not modify.
 * @param withReplacement whether the draw was with replacement (the recipe's {@code
 *     np.random.randint}) or a sample of distinct images
 * @param seed the seed of this subsample's own stream (derived from the plan's root seed, the
 *     fraction and the repeat), enough to replay this draw alone
 */
public record Subsample(
    double fraction, int repeat, int[] indices, boolean withReplacement, long seed) {

  /** Copies the indices. */
  public Subsample {
    if (!(fraction > 0)) {
      throw new IllegalArgumentException("fraction must be > 0, got " + fraction);
    }
    if (repeat < 0) {
      throw new IllegalArgumentException("repeat must be >= 0, got " + repeat);
    }
    indices = indices.clone();
  }

  /**
   * @return how many images (with repeats counted) the subsample holds
   */
  public int size() {
    return indices.length;
  }

  /**
   * @return SHA-256 (lower-case hex) of the indices as big-endian 32-bit integers, in order: a
   *     short fingerprint to record in results and journals
   */
  public String indicesHash() {
    ByteBuffer buf = ByteBuffer.allocate(indices.length * Integer.BYTES);
    for (int i : indices) {
      buf.putInt(i);
    }
    return Sha256.of(buf.array());
  }
}
