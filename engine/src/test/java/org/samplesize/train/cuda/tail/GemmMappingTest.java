package org.samplesize.train.cuda.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row-major → cuBLAS argument mapping, checked without a GPU by running a plain column-major
 * sgemm (what cuBLAS computes) on the mapped arguments and comparing with the row-major product.
 */
class GemmMappingTest {

  /** Column-major {@code C = op(X)·op(Y)}, exactly cuBLAS's definition, on flat arrays. */
  static void columnMajorGemm(
      boolean tx,
      boolean ty,
      int m,
      int n,
      int k,
      float[] x,
      int ldx,
      float[] y,
      int ldy,
      float beta,
      float[] c,
      int ldc) {
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double xv = tx ? x[p + i * ldx] : x[i + p * ldx];
          double yv = ty ? y[j + p * ldy] : y[p + j * ldy];
          s += xv * yv;
        }
        c[i + j * ldc] = (float) (s + beta * c[i + j * ldc]);
      }
    }
  }

  @Test
  void everyTransposeCombinationMatchesTheRowMajorProduct() {
    SplittableRandom r = new SplittableRandom(3);
    int rows = 4;
    int cols = 5;
    int k = 3;
    for (boolean ta : List.of(false, true)) {
      for (boolean tb : List.of(false, true)) {
        // stored A: (ta ? K×M : M×K), stored B: (tb ? N×K : K×N), all row-major
        float[] a = new float[rows * k];
        float[] b = new float[k * cols];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
          b[i] = (float) r.nextDouble(-1, 1);
        }
        float[] expected = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
              double av = ta ? a[p * rows + i] : a[i * k + p];
              double bv = tb ? b[j * k + p] : b[p * cols + j];
              s += av * bv;
            }
            expected[i * cols + j] = (float) s;
          }
        }
        GemmMapping g = GemmMapping.rowMajor(ta, tb, rows, cols, k);
        float[] c = new float[rows * cols];
        columnMajorGemm(
            g.opFirst(),
            g.opSecond(),
            g.m(),
            g.n(),
            g.k(),
            b,
            g.ldFirst(),
            a,
            g.ldSecond(),
            0f,
            c,
            g.ldc());
        for (int i = 0; i < c.length; i++) {
          assertEquals(expected[i], c[i], 1e-5, "transA=" + ta + " transB=" + tb + " at " + i);
        }
      }
    }
  }

  @Test
  void kernelSourceDeclaresEveryLaunchedKernel() {
    for (String name : TailKernels.NAMES) {
      assertTrue(
          TailKernels.SOURCE.contains("extern \"C\" __global__ void " + name + "("),
          "kernel " + name + " is launched but not in the source");
    }
    assertEquals(1, TailKernels.blocks(1, 256));
    assertEquals(2, TailKernels.blocks(257, 256));
    assertEquals(49_000, TailKernels.blocks(49_000L * 256, 256));
  }
}
