package org.samplesize.train.cpu;

import org.samplesize.train.DropoutRng;

/**
 * The inverted dropout of one feature row that {@link CpuHeadStack} applies before each minibatch
 * step, with {@link DropoutRng}'s stream. Apart from the stack because it is the reference that
 * {@link PairDropout} (in pairs) must match float for float, and its tests compare against these
 * loops alone.
 */
final class HeadDropout {
  private HeadDropout() {}

  /**
   * Inverted dropout of one row with {@link DropoutRng}'s stream (four elements per 64-bit draw),
   * branch-free: the keep decision is random, so a branch would mispredict a third of the time.
   */
  static void dropoutRow(
      float[] src,
      int srcOff,
      float[] dst,
      int dstOff,
      int d,
      long key,
      long counterBase,
      int threshold,
      float scale) {
    long c = counterBase + 1;
    int e = 0;
    for (; e + 3 < d; e += 4, c++) {
      long h = DropoutRng.mix64(key + c * DropoutRng.GOLDEN);
      dst[dstOff + e] = src[srcOff + e] * keep((int) (h >>> 48), threshold, scale);
      dst[dstOff + e + 1] = src[srcOff + e + 1] * keep((int) (h >>> 32) & 0xFFFF, threshold, scale);
      dst[dstOff + e + 2] = src[srcOff + e + 2] * keep((int) (h >>> 16) & 0xFFFF, threshold, scale);
      dst[dstOff + e + 3] = src[srcOff + e + 3] * keep((int) h & 0xFFFF, threshold, scale);
    }
    if (e < d) {
      long h = DropoutRng.mix64(key + c * DropoutRng.GOLDEN);
      for (int shift = 48; e < d; e++, shift -= 16) {
        dst[dstOff + e] = src[srcOff + e] * keep((int) (h >>> shift) & 0xFFFF, threshold, scale);
      }
    }
  }

  /** {@code scale} when {@code u >= threshold}, else 0, without a branch. */
  private static float keep(int u, int threshold, float scale) {
    return scale * (float) (((u - threshold) >>> 31) ^ 1);
  }
}
