package org.samplesize.train.cpu;

/**
 * The row arithmetic every CPU head kernel is built on: the dot product (with its fixed order of
 * eight sums), {@code axpy} and the softmax. Apart from {@link CpuHeadStack} because the training
 * step, the scoring row by row and the transposed scoring must all reach the same floats through
 * it.
 */
final class HeadMath {
  private HeadMath() {}

  /** Dot product with eight independent accumulators (the JIT does not reorder float sums). */
  static float dotLoops(float[] a, int ao, float[] b, int bo, int len) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    for (; i + 7 < len; i += 8) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
      s4 += a[ao + i + 4] * b[bo + i + 4];
      s5 += a[ao + i + 5] * b[bo + i + 5];
      s6 += a[ao + i + 6] * b[bo + i + 6];
      s7 += a[ao + i + 7] * b[bo + i + 7];
    }
    for (; i < len; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code y[yo..] += alpha * x[xo..]}; a loop the JIT vectorises. */
  static void axpy(float alpha, float[] xs, int xo, float[] ys, int yo, int len) {
    for (int i = 0; i < len; i++) {
      ys[yo + i] += alpha * xs[xo + i];
    }
  }

  /** In-place softmax of {@code v[off..off+k)}, max-shifted. */
  static void softmax(float[] v, int off, int k) {
    float max = v[off];
    for (int c = 1; c < k; c++) {
      max = Math.max(max, v[off + c]);
    }
    float sum = 0;
    for (int c = 0; c < k; c++) {
      float e = (float) Math.exp(v[off + c] - max);
      v[off + c] = e;
      sum += e;
    }
    for (int c = 0; c < k; c++) {
      v[off + c] = v[off + c] / sum;
    }
  }
}
