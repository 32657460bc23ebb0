package org.samplesize.train.cpu.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bf16 products against a double-precision reference of the same fp32 operands.
 *
 * <p>The bound: rounding an operand to bfloat16 (8 significant bits, round to nearest even) changes
 * it by a relative {@code |δ| ≤ u = 2⁻⁸}, so each product {@code a·b} is off by at most {@code (2u
 * + u²)·|a·b|}; the fp32 accumulation of {@code k} such products adds at most {@code γ_k = k·2⁻²⁴ /
 * (1 − k·2⁻²⁴)} of {@code Σ|a'·b'|} in any summation order. Hence per element {@code |c' − c| ≤ (2u
 * + u² + γ_k·(1 + u)²)·Σ|a·b|} (Higham, Accuracy and Stability, §3.1 and §3.5).
 */
class Bf16MatmulTest {
  private static final double U = Math.scalb(1.0, -8);

  @BeforeEach
  void needsBf16() {
    String why = OneDnn.bf16UnavailableReason();
    assumeTrue(why == null, "bf16 products not available here: " + why);
  }

  static double bound(int k) {
    double g = k * Math.scalb(1.0, -24);
    return 2 * U + U * U + g / (1 - g) * (1 + U) * (1 + U);
  }

  /** Checks every element against the bound; returns the largest error relative to Σ|a·b|. */
  static double check(
      boolean transA, boolean transB, int m, int n, int k, float beta, long seed, boolean ints) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    float[] c0 = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = ints ? r.nextInt(-8, 9) : (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = ints ? r.nextInt(-8, 9) : (float) r.nextGaussian();
    }
    for (int i = 0; i < c0.length; i++) {
      c0[i] = ints ? r.nextInt(-8, 9) : (float) r.nextGaussian();
    }
    float[] c = c0.clone();
    try (Bf16Matmul mm = new Bf16Matmul();
        FloatPointer pa = new FloatPointer(a);
        FloatPointer pb = new FloatPointer(b);
        FloatPointer pc = new FloatPointer(c)) {
      mm.gemm(transA, transB, m, n, k, pa, pb, beta, pc);
      pc.get(c);
      float[] aAfter = new float[a.length];
      pa.get(aAfter);
      assertEquals(a[a.length - 1], aAfter[a.length - 1], "the fp32 operand must stay as it was");
    }
    double worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double exact = beta * c0[i * n + j];
        double magnitude = Math.abs(exact);
        for (int p = 0; p < k; p++) {
          double av = transA ? a[p * m + i] : a[i * k + p];
          double bv = transB ? b[j * k + p] : b[p * n + j];
          exact += av * bv;
          magnitude += Math.abs(av * bv);
        }
        double err = Math.abs(c[i * n + j] - exact);
        if (ints) {
          assertEquals(exact, c[i * n + j], 0.0, "bf16-exact inputs must give the exact sum");
        } else {
          // beta·c is added in fp32: one more rounding of at most 2⁻²⁴ of the total
          double allowed = bound(k) * magnitude + Math.scalb(1.0, -23) * Math.abs(exact);
          assertTrue(
              err <= allowed,
              "c["
                  + i
                  + "]["
                  + j
                  + "] = "
                  + c[i * n + j]
                  + ", exact "
                  + exact
                  + ", bound "
                  + allowed);
        }
        worst = Math.max(worst, err / magnitude);
      }
    }
    return worst;
  }

  @Test
  void everyLayoutIsWithinTheBf16RoundingBound() {
    double worst = 0;
    worst = Math.max(worst, check(false, false, 37, 53, 29, 0f, 1, false));
    worst = Math.max(worst, check(true, false, 37, 53, 29, 0f, 2, false));
    worst = Math.max(worst, check(false, true, 37, 53, 300, 0f, 3, false));
    worst = Math.max(worst, check(true, false, 16, 70, 45, 1f, 4, false));
    // fp32 products would be ~1e-7 off; bf16 rounding must show, or bf16 did not run
    assertTrue(worst > 1e-4, "largest relative error " + worst + " is fp32's, not bf16's");
  }

  @Test
  void bf16ExactInputsGiveExactResultsInEveryLayout() {
    // small integers are exact in bf16 and their sums exact in fp32: any layout mistake shows
    check(false, false, 9, 11, 7, 0f, 5, true);
    check(true, false, 9, 11, 7, 1f, 6, true);
    check(false, true, 9, 11, 7, 0f, 7, true);
    check(false, true, 9, 11, 7, 1f, 8, true);
  }

  @Test
  void manyShapesReuseAndEvictPrimitives() {
    try (Bf16Matmul mm = new Bf16Matmul();
        FloatPointer a = new FloatPointer(64);
        FloatPointer b = new FloatPointer(64);
        FloatPointer c = new FloatPointer(64)) {
      for (int i = 0; i < 64; i++) {
        a.put(i, 1f);
        b.put(i, 1f);
      }
      for (int round = 0; round < 2; round++) {
        for (int s = 1; s <= Bf16Matmul.MAX_CACHED + 10; s++) {
          int m = 1 + s % 8;
          int n = 1 + s / 8 % 8;
          int k = 1 + s / 64;
          mm.gemm(false, false, m, n, k, a, b, 0f, c);
          assertEquals(k, c.get(m * n - 1), 0f);
        }
      }
    }
  }

  @Test
  void rejectsBadCallsAndUseAfterClose() {
    Bf16Matmul mm = new Bf16Matmul();
    try (FloatPointer p = new FloatPointer(4)) {
      assertThrows(
          IllegalArgumentException.class, () -> mm.gemm(false, false, 0, 1, 1, p, p, 0, p));
      assertThrows(
          IllegalArgumentException.class, () -> mm.gemm(false, false, 1, 1, 1, p, p, 2, p));
      mm.close();
      mm.close();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> mm.gemm(false, false, 1, 1, 1, p, p, 0, p));
      assertTrue(e.getMessage().contains("Bf16Matmul"), e.getMessage());
    }
  }
}
