package org.samplesize.train.cpu.tail;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.samplesize.train.cpu.CpuVectors;

/**
 * The stride-1 depthwise kernels of {@link DepthwisePlanes} with the Vector API: each output vector
 * stays in a register across all {@code k×k} taps instead of one pass over the plane per tap. Every
 * lane computes exactly what the plain loops compute for that element, in the same order (multiply,
 * then add: no fused multiply-add), so the results are the same floats. 3×3 kernels (all of
 * MobileNetV2's) have unrolled versions with the taps in registers.
 *
 * <p>Only touched when {@link #AVAILABLE}: the class links against {@code jdk.incubator.vector},
 * which the JVM must have been started with ({@code --add-modules jdk.incubator.vector}).
 */
final class DepthwiseVectors {
  /** Whether the kernels may be used (module present and wide vectors). */
  static final boolean AVAILABLE = CpuVectors.enabled();

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private DepthwiseVectors() {}

  /**
   * {@code flat[i] = bias + Σ_taps w·pad[i + ky·wp + kx]} for {@code i < lenR} (whole vectors),
   * then clamped to {@code [0, 6]} ({@code max} with 0, then {@code min} with 6, as {@code
   * Math.max}/{@code Math.min}) when {@code relu6}.
   */
  static void forwardFlat(
      float[] pad,
      float[] wt,
      int wOff,
      int k,
      int wp,
      float bias,
      boolean relu6,
      float[] flat,
      int lenR) {
    if (k == 3) {
      forwardFlat3(pad, wt, wOff, wp, bias, relu6, flat, lenR);
      return;
    }
    FloatVector b = FloatVector.broadcast(S, bias);
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector acc = b;
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          float wk = wt[wOff + ky * k + kx];
          acc = acc.add(FloatVector.fromArray(S, pad, i + ky * wp + kx).mul(wk));
        }
      }
      if (relu6) {
        acc = acc.max(0f).min(6f);
      }
      acc.intoArray(flat, i);
    }
  }

  /** {@link #forwardFlat} for 3×3 kernels. */
  private static void forwardFlat3(
      float[] pad,
      float[] wt,
      int wOff,
      int wp,
      float bias,
      boolean relu6,
      float[] flat,
      int lenR) {
    float w0 = wt[wOff];
    float w1 = wt[wOff + 1];
    float w2 = wt[wOff + 2];
    float w3 = wt[wOff + 3];
    float w4 = wt[wOff + 4];
    float w5 = wt[wOff + 5];
    float w6 = wt[wOff + 6];
    float w7 = wt[wOff + 7];
    float w8 = wt[wOff + 8];
    int r1 = wp;
    int r2 = 2 * wp;
    FloatVector b = FloatVector.broadcast(S, bias);
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector acc = b;
      acc = acc.add(FloatVector.fromArray(S, pad, i).mul(w0));
      acc = acc.add(FloatVector.fromArray(S, pad, i + 1).mul(w1));
      acc = acc.add(FloatVector.fromArray(S, pad, i + 2).mul(w2));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r1).mul(w3));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r1 + 1).mul(w4));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r1 + 2).mul(w5));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r2).mul(w6));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r2 + 1).mul(w7));
      acc = acc.add(FloatVector.fromArray(S, pad, i + r2 + 2).mul(w8));
      if (relu6) {
        acc = acc.max(0f).min(6f);
      }
      acc.intoArray(flat, i);
    }
  }

  /**
   * {@code tapAcc[t·lenR + i] += g[lead + i]·pad[i + off_t]} for every tap {@code t} and {@code i <
   * lenR}.
   */
  static void tapProducts(
      float[] g, int lead, float[] pad, int k, int wp, float[] tapAcc, int lenR) {
    if (k == 3) {
      tapProducts3(g, lead, pad, wp, tapAcc, lenR);
      return;
    }
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, lead + i);
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          accumulate(tapAcc, (ky * k + kx) * lenR + i, gv, pad, i + ky * wp + kx);
        }
      }
    }
  }

  /** {@link #tapProducts} for 3×3 kernels. */
  private static void tapProducts3(
      float[] g, int lead, float[] pad, int wp, float[] tapAcc, int lenR) {
    int r1 = wp;
    int r2 = 2 * wp;
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, lead + i);
      accumulate(tapAcc, i, gv, pad, i);
      accumulate(tapAcc, lenR + i, gv, pad, i + 1);
      accumulate(tapAcc, 2 * lenR + i, gv, pad, i + 2);
      accumulate(tapAcc, 3 * lenR + i, gv, pad, i + r1);
      accumulate(tapAcc, 4 * lenR + i, gv, pad, i + r1 + 1);
      accumulate(tapAcc, 5 * lenR + i, gv, pad, i + r1 + 2);
      accumulate(tapAcc, 6 * lenR + i, gv, pad, i + r2);
      accumulate(tapAcc, 7 * lenR + i, gv, pad, i + r2 + 1);
      accumulate(tapAcc, 8 * lenR + i, gv, pad, i + r2 + 2);
    }
  }

  /** {@code acc[a..] += gv·pad[p..]}, one vector. */
  private static void accumulate(float[] acc, int a, FloatVector gv, float[] pad, int p) {
    FloatVector.fromArray(S, acc, a)
        .add(gv.mul(FloatVector.fromArray(S, pad, p)))
        .intoArray(acc, a);
  }

  /**
   * {@code dPad[p] = 0 + Σ_taps w_t·g[lead + p − off_t]} (taps in order) for {@code p} in {@code
   * [from, from + count)} rounded up to whole vectors.
   */
  static void inputGradient(
      float[] g, int lead, float[] wt, int wOff, int k, int wp, float[] dPad, int from, int count) {
    if (k == 3) {
      inputGradient3(g, lead, wt, wOff, wp, dPad, from, count);
      return;
    }
    FloatVector zero = FloatVector.zero(S);
    int end = from + count;
    for (int p = from; p < end; p += S.length()) {
      FloatVector acc = zero;
      int base = lead + p;
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          float wk = wt[wOff + ky * k + kx];
          acc = acc.add(FloatVector.fromArray(S, g, base - ky * wp - kx).mul(wk));
        }
      }
      acc.intoArray(dPad, p);
    }
  }

  /** {@link #inputGradient} for 3×3 kernels. */
  private static void inputGradient3(
      float[] g, int lead, float[] wt, int wOff, int wp, float[] dPad, int from, int count) {
    float w0 = wt[wOff];
    float w1 = wt[wOff + 1];
    float w2 = wt[wOff + 2];
    float w3 = wt[wOff + 3];
    float w4 = wt[wOff + 4];
    float w5 = wt[wOff + 5];
    float w6 = wt[wOff + 6];
    float w7 = wt[wOff + 7];
    float w8 = wt[wOff + 8];
    int r1 = wp;
    int r2 = 2 * wp;
    FloatVector zero = FloatVector.zero(S);
    int end = from + count;
    for (int p = from; p < end; p += S.length()) {
      int b = lead + p;
      FloatVector acc = zero;
      acc = acc.add(FloatVector.fromArray(S, g, b).mul(w0));
      acc = acc.add(FloatVector.fromArray(S, g, b - 1).mul(w1));
      acc = acc.add(FloatVector.fromArray(S, g, b - 2).mul(w2));
      acc = acc.add(FloatVector.fromArray(S, g, b - r1).mul(w3));
      acc = acc.add(FloatVector.fromArray(S, g, b - r1 - 1).mul(w4));
      acc = acc.add(FloatVector.fromArray(S, g, b - r1 - 2).mul(w5));
      acc = acc.add(FloatVector.fromArray(S, g, b - r2).mul(w6));
      acc = acc.add(FloatVector.fromArray(S, g, b - r2 - 1).mul(w7));
      acc = acc.add(FloatVector.fromArray(S, g, b - r2 - 2).mul(w8));
      acc.intoArray(dPad, p);
    }
  }
}
