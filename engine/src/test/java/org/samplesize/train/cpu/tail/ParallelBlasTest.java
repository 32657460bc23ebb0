package org.samplesize.train.cpu.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The weight-gradient product {@code c = a·bᵀ} is split along the larger of {@code c}'s dimensions:
 * by columns for a projection's gradient (few output channels, many input ones), by rows for an
 * expansion's. Either way each entry is the whole reduction in one OpenBLAS call, so the result is
 * the product, and the same whatever the thread count.
 */
class ParallelBlasTest {

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  /** {@code a·bᵀ + beta·c} for {@code a} m×k, {@code b} n×k, on {@code threads} workers. */
  private static float[] product(
      int threads, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
    NativeBuffer na = new NativeBuffer((long) m * k);
    NativeBuffer nb = new NativeBuffer((long) n * k);
    NativeBuffer nc = new NativeBuffer((long) m * n);
    na.buffer.put(a);
    nb.buffer.put(b);
    nc.buffer.put(c);
    try (WorkerPool pool = new WorkerPool(threads)) {
      new ParallelBlas(pool).gemm(false, true, m, n, k, na, nb, beta, nc);
    }
    float[] out = new float[m * n];
    nc.buffer.get(0, out);
    na.pointer.close();
    nb.pointer.close();
    nc.pointer.close();
    return out;
  }

  private static void check(int m, int n, int k) {
    float[] a = random(m * k, 1);
    float[] b = random(n * k, 2);
    float[] c = random(m * n, 3);
    float[] one = product(1, m, n, k, a, b, 0.5f, c);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0.5 * c[i * n + j];
        for (int t = 0; t < k; t++) {
          sum += (double) a[i * k + t] * b[j * k + t];
        }
        assertEquals(sum, one[i * n + j], 1e-4, m + "×" + n + " at " + i + "," + j);
      }
    }
    for (int threads : new int[] {2, 3}) {
      assertArrayEquals(one, product(threads, m, n, k, a, b, 0.5f, c), 0f, threads + " threads");
    }
  }

  @Test
  void aProjectionGradientSplitByColumnsIsTheProduct() {
    check(24, 150, 200);
  }

  @Test
  void anExpansionGradientSplitByRowsIsTheProduct() {
    check(150, 24, 200);
  }
}
