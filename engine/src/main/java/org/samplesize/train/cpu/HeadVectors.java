package org.samplesize.train.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.samplesize.train.DropoutRng;

/**
 * The head kernels of {@link CpuHeadStack} with the Vector API, computing the same floats as the
 * plain loops there: the dropout mask eight SplitMix64 draws (32 elements) at a time; the dot
 * product with its eight accumulators as the eight lanes of one vector (four classes at once when
 * scoring); the Adam update. (The weight gradient is OpenBLAS' on every path: {@link
 * HeadGradients#blasForwardBackward}.) Only touched when {@link CpuVectors#enabled()}; the dropout
 * kernel only when {@link CpuVectors#wide()}.
 */
final class HeadVectors {
  private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> P = FloatVector.SPECIES_PREFERRED;

  /** {@code l·GOLDEN} in lane {@code l}: the counter steps of eight consecutive draws. */
  private static final LongVector LANE_STEPS;

  /**
   * Out of the keep multipliers of the high and low 16 bits of each 32-bit half of eight draws, the
   * elements in {@link DropoutRng}'s order: element {@code 4q + j} takes bits {@code 48 − 16j} of
   * draw {@code q}, i.e. the high (j even) or low (j odd) 16 bits of int lane {@code 2q + 1} (j
   * &lt; 2) or {@code 2q} (j &ge; 2); odd {@code j} from the low-bits vector ({@code FROM_LO}). Two
   * one-vector shuffles and a blend: the two-vector {@code rearrange} is not compiled to a permute
   * in JDK 17.
   */
  private static final VectorShuffle<Integer> FIRST;

  private static final VectorShuffle<Integer> SECOND;

  private static final VectorMask<Integer> FROM_LO;

  static {
    long[] steps = new long[L.length()];
    for (int l = 0; l < steps.length; l++) {
      steps[l] = l * DropoutRng.GOLDEN;
    }
    LANE_STEPS = LongVector.fromArray(L, steps, 0);
    int[] first = new int[16];
    int[] second = new int[16];
    boolean[] fromLo = new boolean[16];
    for (int n = 0; n < 16; n++) {
      first[n] = source(n);
      second[n] = source(n + 16);
      fromLo[n] = (n & 1) == 1;
    }
    FIRST = VectorShuffle.fromValues(I, first);
    SECOND = VectorShuffle.fromValues(I, second);
    FROM_LO = VectorMask.fromArray(I, fromLo, 0);
  }

  private HeadVectors() {}

  /** Int lane (in the high- or low-bits vector) of element {@code e} (0..31) of eight draws. */
  private static int source(int e) {
    int q = e >> 2;
    int j = e & 3;
    return j < 2 ? 2 * q + 1 : 2 * q;
  }

  /**
   * The elements of {@link HeadDropout#dropoutRow} up to a multiple of 32, the same floats.
   *
   * @return how many elements were done (the caller does the rest)
   */
  static int dropoutRow(
      float[] src,
      int srcOff,
      float[] dst,
      int dstOff,
      int d,
      long key,
      long counterBase,
      int threshold,
      float scale) {
    IntVector scaleBits = IntVector.broadcast(I, Float.floatToRawIntBits(scale));
    IntVector zero = IntVector.zero(I);
    int e = 0;
    long c = counterBase + 1;
    for (; e + 31 < d; e += 32, c += 8) {
      LongVector z = LANE_STEPS.add(key + c * DropoutRng.GOLDEN);
      z =
          z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30))
              .mul(DropoutRng.MIX1);
      z =
          z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27))
              .mul(DropoutRng.MIX2);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
      IntVector halves = z.reinterpretAsInts();
      VectorMask<Integer> keepHi =
          halves.lanewise(VectorOperators.LSHR, 16).compare(VectorOperators.GE, threshold);
      VectorMask<Integer> keepLo = halves.and(0xFFFF).compare(VectorOperators.GE, threshold);
      IntVector hi = zero.blend(scaleBits, keepHi);
      IntVector lo = zero.blend(scaleBits, keepLo);
      FloatVector m0 =
          hi.rearrange(FIRST).blend(lo.rearrange(FIRST), FROM_LO).reinterpretAsFloats();
      FloatVector m1 =
          hi.rearrange(SECOND).blend(lo.rearrange(SECOND), FROM_LO).reinterpretAsFloats();
      FloatVector.fromArray(F, src, srcOff + e).mul(m0).intoArray(dst, dstOff + e);
      FloatVector.fromArray(F, src, srcOff + e + 16).mul(m1).intoArray(dst, dstOff + e + 16);
    }
    return e;
  }

  /** {@link HeadMath#dot}: lane {@code j} is its accumulator {@code s_j}. */
  static float dot(float[] a, int ao, float[] b, int bo, int len) {
    FloatVector acc = FloatVector.zero(F8);
    int i = 0;
    for (; i + 7 < len; i += 8) {
      acc = acc.add(FloatVector.fromArray(F8, a, ao + i).mul(FloatVector.fromArray(F8, b, bo + i)));
    }
    float s0 = acc.lane(0);
    for (; i < len; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return ((s0 + acc.lane(1)) + (acc.lane(2) + acc.lane(3)))
        + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
  }

  /**
   * {@link HeadMath#dot} of one input row with four weight rows at once ({@code wo}, {@code wo +
   * len}, ...): each result the same float as its own {@code dot}, the four sums interleaved so
   * that the adds of one do not wait on those of another.
   *
   * @param out receives the four dot products from {@code outOff}
   */
  static void dot4(float[] a, int ao, float[] w, int wo, int len, float[] out, int outOff) {
    FloatVector acc0 = FloatVector.zero(F8);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    int w1 = wo + len;
    int w2 = w1 + len;
    int w3 = w2 + len;
    int i = 0;
    for (; i + 7 < len; i += 8) {
      FloatVector x = FloatVector.fromArray(F8, a, ao + i);
      acc0 = acc0.add(x.mul(FloatVector.fromArray(F8, w, wo + i)));
      acc1 = acc1.add(x.mul(FloatVector.fromArray(F8, w, w1 + i)));
      acc2 = acc2.add(x.mul(FloatVector.fromArray(F8, w, w2 + i)));
      acc3 = acc3.add(x.mul(FloatVector.fromArray(F8, w, w3 + i)));
    }
    // The tails and reductions of dot, inline: a vector passed to a method that is not inlined
    // would be boxed.
    float s0 = acc0.lane(0);
    float s1 = acc1.lane(0);
    float s2 = acc2.lane(0);
    float s3 = acc3.lane(0);
    for (; i < len; i++) {
      float x = a[ao + i];
      s0 += x * w[wo + i];
      s1 += x * w[w1 + i];
      s2 += x * w[w2 + i];
      s3 += x * w[w3 + i];
    }
    out[outOff] =
        reduce(
            s0,
            acc0.lane(1),
            acc0.lane(2),
            acc0.lane(3),
            acc0.lane(4),
            acc0.lane(5),
            acc0.lane(6),
            acc0.lane(7));
    out[outOff + 1] =
        reduce(
            s1,
            acc1.lane(1),
            acc1.lane(2),
            acc1.lane(3),
            acc1.lane(4),
            acc1.lane(5),
            acc1.lane(6),
            acc1.lane(7));
    out[outOff + 2] =
        reduce(
            s2,
            acc2.lane(1),
            acc2.lane(2),
            acc2.lane(3),
            acc2.lane(4),
            acc2.lane(5),
            acc2.lane(6),
            acc2.lane(7));
    out[outOff + 3] =
        reduce(
            s3,
            acc3.lane(1),
            acc3.lane(2),
            acc3.lane(3),
            acc3.lane(4),
            acc3.lane(5),
            acc3.lane(6),
            acc3.lane(7));
  }

  /** The final sum of {@link #dot}'s eight accumulators. */
  private static float reduce(
      float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7) {
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * {@link org.samplesize.train.Adam#update} of {@code w[off..]} with moments at the same offset
   * and gradients from 0, up to a multiple of the vector length: the same operations in the same
   * order, each correctly rounded, so the same floats.
   *
   * @return how many parameters were done (the caller does the rest)
   */
  static int adam(
      float[] w,
      int off,
      float[] grads,
      float[] m,
      float[] v,
      int len,
      float alpha,
      float oneMinusBeta1,
      float oneMinusBeta2,
      float epsilon) {
    int lanes = P.length();
    int bound = P.loopBound(len);
    for (int i = 0; i < bound; i += lanes) {
      int o = off + i;
      FloatVector g = FloatVector.fromArray(P, grads, i);
      FloatVector mi = FloatVector.fromArray(P, m, o);
      FloatVector vi = FloatVector.fromArray(P, v, o);
      mi = mi.add(g.sub(mi).mul(oneMinusBeta1));
      vi = vi.add(g.mul(g).sub(vi).mul(oneMinusBeta2));
      mi.intoArray(m, o);
      vi.intoArray(v, o);
      FloatVector p = FloatVector.fromArray(P, w, o);
      p.sub(mi.mul(alpha).div(vi.sqrt().add(epsilon))).intoArray(w, o);
    }
    return bound;
  }
}
