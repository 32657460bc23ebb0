package org.samplesize.train.cpu.tail;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.samplesize.train.cpu.CpuVectors;

/**
 * The depthwise kernels of {@link DepthwisePlanes} with the Vector API (stride 1 on the flat padded
 * plane that stacks a channel's images, stride 2 on its four stacked phase planes): each output
 * vector stays in a register across all {@code k×k} taps instead of one pass over the plane per
 * tap, and the weight-gradient terms of all images stay in registers across the images. Every lane
 * computes exactly what the plain loops compute for that element, in the same order (multiply, then
 * add: no fused multiply-add), so the results are the same floats. 3×3 kernels (all of
 * MobileNetV2's) have unrolled versions with the taps in registers. Rows move between the dense
 * planes and the padded ones in whole vectors (and shuffles for the phase planes), and the ReLU6
 * activation and masks run here too.
 *
 * <p>No vector crosses a method call: a call the JIT declines to inline (its inlining budget
 * depends on the size of the callers) would box the vector and cost several times the kernel.
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

  /**
   * Stride 2 on the four phase planes of {@link DepthwisePlanes} (even/odd rows × even/odd columns,
   * each a plain stride-1 plane): {@code flat[i] = bias + Σ_t w_t·src[off_t + i]} for {@code i <
   * lenR}, taps in order, then ReLU6 when {@code relu6}.
   *
   * @param off per tap, where its input sits relative to the output element
   */
  static void forwardTaps(
      float[] src,
      int[] off,
      float[] wt,
      int wOff,
      float bias,
      boolean relu6,
      float[] flat,
      int lenR) {
    if (off.length == 9) {
      forwardTaps9(src, off, wt, wOff, bias, relu6, flat, lenR);
      return;
    }
    int taps = off.length;
    FloatVector b = FloatVector.broadcast(S, bias);
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector acc = b;
      for (int t = 0; t < taps; t++) {
        acc = acc.add(FloatVector.fromArray(S, src, off[t] + i).mul(wt[wOff + t]));
      }
      if (relu6) {
        acc = acc.max(0f).min(6f);
      }
      acc.intoArray(flat, i);
    }
  }

  /** {@link #forwardTaps} for 3×3 kernels. */
  private static void forwardTaps9(
      float[] src,
      int[] off,
      float[] wt,
      int wOff,
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
    int o0 = off[0];
    int o1 = off[1];
    int o2 = off[2];
    int o3 = off[3];
    int o4 = off[4];
    int o5 = off[5];
    int o6 = off[6];
    int o7 = off[7];
    int o8 = off[8];
    FloatVector b = FloatVector.broadcast(S, bias);
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector acc = b;
      acc = acc.add(FloatVector.fromArray(S, src, o0 + i).mul(w0));
      acc = acc.add(FloatVector.fromArray(S, src, o1 + i).mul(w1));
      acc = acc.add(FloatVector.fromArray(S, src, o2 + i).mul(w2));
      acc = acc.add(FloatVector.fromArray(S, src, o3 + i).mul(w3));
      acc = acc.add(FloatVector.fromArray(S, src, o4 + i).mul(w4));
      acc = acc.add(FloatVector.fromArray(S, src, o5 + i).mul(w5));
      acc = acc.add(FloatVector.fromArray(S, src, o6 + i).mul(w6));
      acc = acc.add(FloatVector.fromArray(S, src, o7 + i).mul(w7));
      acc = acc.add(FloatVector.fromArray(S, src, o8 + i).mul(w8));
      if (relu6) {
        acc = acc.max(0f).min(6f);
      }
      acc.intoArray(flat, i);
    }
  }

  /**
   * {@code prod[t·lenR + i] = g[gOff + i]·src[off_t + i]} for every tap {@code t} and {@code i <
   * lenR} (stored, not accumulated).
   */
  static void tapProductsStore(
      float[] g, int gOff, float[] src, int[] off, float[] prod, int lenR) {
    int taps = off.length;
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      for (int t = 0; t < taps; t++) {
        gv.mul(FloatVector.fromArray(S, src, off[t] + i)).intoArray(prod, t * lenR + i);
      }
    }
  }

  /**
   * {@code dst[dOff + p] = 0 + Σ_t wts[t]·g[gOff + p + off_t]} (in the order given) for {@code p <
   * count} rounded up to whole vectors.
   */
  static void gatherTaps(
      float[] g, int gOff, int[] off, float[] wts, int taps, float[] dst, int dOff, int count) {
    FloatVector zero = FloatVector.zero(S);
    for (int p = 0; p < count; p += S.length()) {
      FloatVector acc = zero;
      int b = gOff + p;
      for (int t = 0; t < taps; t++) {
        acc = acc.add(FloatVector.fromArray(S, g, b + off[t]).mul(wts[t]));
      }
      acc.intoArray(dst, dOff + p);
    }
  }

  /**
   * Copies {@code n} blocks of {@code rows} rows of {@code width} floats: row {@code r} of block
   * {@code b} from {@code src[srcOff + b·srcBlock + r·srcRow]} to {@code dst[dstOff + b·dstBlock +
   * r·dstRow]}. Rows go in increasing order of destination and each row's last vector is stored
   * whole, its lanes past the row set to zero: the destination's floats past a row up to a vector
   * later are overwritten with zeros (or by later rows), so they must be either padding that holds
   * zeros or the place of a later row. Near the end of either array the rows are copied without
   * vectors (nothing past them is written).
   */
  static void copyRows(
      float[] src,
      int srcOff,
      int srcRow,
      int srcBlock,
      float[] dst,
      int dstOff,
      int dstRow,
      int dstBlock,
      int n,
      int rows,
      int width) {
    int lanes = S.length();
    int full = width / lanes * lanes;
    VectorMask<Float> tail = S.indexInRange(full, width);
    FloatVector zero = FloatVector.zero(S);
    int srcSafe = src.length - lanes;
    int dstSafe = dst.length - lanes;
    for (int b = 0; b < n; b++) {
      for (int r = 0; r < rows; r++) {
        int s = srcOff + b * srcBlock + r * srcRow;
        int d = dstOff + b * dstBlock + r * dstRow;
        for (int j = 0; j < full; j += lanes) {
          FloatVector.fromArray(S, src, s + j).intoArray(dst, d + j);
        }
        if (full == width) {
          continue;
        }
        int sj = s + full;
        int dj = d + full;
        if (sj <= srcSafe && dj <= dstSafe) {
          zero.blend(FloatVector.fromArray(S, src, sj), tail).intoArray(dst, dj);
        } else {
          // masked vectors are slow on some JDKs: the last rows of a tight array are plain copies
          System.arraycopy(src, sj, dst, dj, width - full);
        }
      }
    }
  }

  /**
   * The weight-gradient terms of {@code n} images stacked {@code plane} floats apart: {@code
   * tapAcc[t·lenR + i] = 0 + Σ_img g[gOff + img·plane + i]·pad[img·plane + i + off_t]}, images in
   * order, for every tap {@code t} ({@code off_t = ky·wp + kx}) and {@code i < lenR}.
   */
  static void tapSums(
      float[] g, int gOff, float[] pad, int k, int wp, int n, int plane, float[] tapAcc, int lenR) {
    if (k == 3) {
      tapSums3(g, gOff, pad, wp, n, plane, tapAcc, lenR);
      return;
    }
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < lenR; i += S.length()) {
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          int off = ky * wp + kx;
          FloatVector acc = zero;
          for (int img = 0; img < n; img++) {
            int b = img * plane + i;
            acc =
                acc.add(
                    FloatVector.fromArray(S, g, gOff + b)
                        .mul(FloatVector.fromArray(S, pad, b + off)));
          }
          acc.intoArray(tapAcc, (ky * k + kx) * lenR + i);
        }
      }
    }
  }

  /** {@link #tapSums} for 3×3 kernels: the nine sums stay in registers across the images. */
  private static void tapSums3(
      float[] g, int gOff, float[] pad, int wp, int n, int plane, float[] tapAcc, int lenR) {
    int r1 = wp;
    int r2 = 2 * wp;
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < lenR; i += S.length()) {
      FloatVector a0 = zero;
      FloatVector a1 = zero;
      FloatVector a2 = zero;
      FloatVector a3 = zero;
      FloatVector a4 = zero;
      FloatVector a5 = zero;
      FloatVector a6 = zero;
      FloatVector a7 = zero;
      FloatVector a8 = zero;
      for (int img = 0; img < n; img++) {
        int b = img * plane + i;
        FloatVector gv = FloatVector.fromArray(S, g, gOff + b);
        a0 = a0.add(gv.mul(FloatVector.fromArray(S, pad, b)));
        a1 = a1.add(gv.mul(FloatVector.fromArray(S, pad, b + 1)));
        a2 = a2.add(gv.mul(FloatVector.fromArray(S, pad, b + 2)));
        a3 = a3.add(gv.mul(FloatVector.fromArray(S, pad, b + r1)));
        a4 = a4.add(gv.mul(FloatVector.fromArray(S, pad, b + r1 + 1)));
        a5 = a5.add(gv.mul(FloatVector.fromArray(S, pad, b + r1 + 2)));
        a6 = a6.add(gv.mul(FloatVector.fromArray(S, pad, b + r2)));
        a7 = a7.add(gv.mul(FloatVector.fromArray(S, pad, b + r2 + 1)));
        a8 = a8.add(gv.mul(FloatVector.fromArray(S, pad, b + r2 + 2)));
      }
      a0.intoArray(tapAcc, i);
      a1.intoArray(tapAcc, lenR + i);
      a2.intoArray(tapAcc, 2 * lenR + i);
      a3.intoArray(tapAcc, 3 * lenR + i);
      a4.intoArray(tapAcc, 4 * lenR + i);
      a5.intoArray(tapAcc, 5 * lenR + i);
      a6.intoArray(tapAcc, 6 * lenR + i);
      a7.intoArray(tapAcc, 7 * lenR + i);
      a8.intoArray(tapAcc, 8 * lenR + i);
    }
  }

  /** Lanes of the vectors (the partial sums of the float reductions below). */
  static int lanes() {
    return S.length();
  }

  /**
   * {@code Σ_i a[from + i]} for {@code i < len}, in float vector lanes: four vectors of partial
   * sums over the whole vectors (element {@code j} of a block of four vectors into accumulator
   * {@code j / lanes}, lane {@code j mod lanes}), then a remaining whole vector into the first, the
   * four added pairwise, their lanes in order in double, and the elements past the last whole
   * vector in order in double. A fixed order for a given length: the same sum every time.
   */
  static double sum(float[] a, int from, int len) {
    int lanes = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int i = 0;
    for (int four = len - 4 * lanes; i <= four; i += 4 * lanes) {
      int b = from + i;
      s0 = s0.add(FloatVector.fromArray(S, a, b));
      s1 = s1.add(FloatVector.fromArray(S, a, b + lanes));
      s2 = s2.add(FloatVector.fromArray(S, a, b + 2 * lanes));
      s3 = s3.add(FloatVector.fromArray(S, a, b + 3 * lanes));
    }
    for (int whole = S.loopBound(len); i < whole; i += lanes) {
      s0 = s0.add(FloatVector.fromArray(S, a, from + i));
    }
    float[] part = new float[lanes];
    s0.add(s1).add(s2.add(s3)).intoArray(part, 0);
    double s = laneSum(part, 0);
    for (; i < len; i++) {
      s += a[from + i];
    }
    return s;
  }

  /** {@code Σ_j part[off + j]} for {@code j <} {@link #lanes()}, in order in double. */
  static double laneSum(float[] part, int off) {
    double s = 0;
    for (int j = 0, lanes = S.length(); j < lanes; j++) {
      s += part[off + j];
    }
    return s;
  }

  /**
   * 3×3 kernels: {@link #tapSums3}'s per-element sums across the images, of the elements {@code i <
   * limit} only, summed per tap in float vector lanes in element order: {@code totals[t·lanes + j]
   * = Σ_{i ≡ j} tapAcc_t[i]} (lanes past {@code limit} in the last vector count as zero). The
   * caller adds each tap's lanes with {@link #laneSum}.
   */
  static void tapTotals3(
      float[] g, int gOff, float[] pad, int wp, int n, int plane, int limit, float[] totals) {
    int lanes = S.length();
    int r1 = wp;
    int r2 = 2 * wp;
    FloatVector zero = FloatVector.zero(S);
    FloatVector t0 = zero;
    FloatVector t1 = zero;
    FloatVector t2 = zero;
    FloatVector t3 = zero;
    FloatVector t4 = zero;
    FloatVector t5 = zero;
    FloatVector t6 = zero;
    FloatVector t7 = zero;
    FloatVector t8 = zero;
    for (int i = 0; i < limit; i += lanes) {
      FloatVector a0 = zero;
      FloatVector a1 = zero;
      FloatVector a2 = zero;
      FloatVector a3 = zero;
      FloatVector a4 = zero;
      FloatVector a5 = zero;
      FloatVector a6 = zero;
      FloatVector a7 = zero;
      FloatVector a8 = zero;
      for (int img = 0; img < n; img++) {
        int b = img * plane + i;
        FloatVector gv = FloatVector.fromArray(S, g, gOff + b);
        a0 = a0.add(gv.mul(FloatVector.fromArray(S, pad, b)));
        a1 = a1.add(gv.mul(FloatVector.fromArray(S, pad, b + 1)));
        a2 = a2.add(gv.mul(FloatVector.fromArray(S, pad, b + 2)));
        a3 = a3.add(gv.mul(FloatVector.fromArray(S, pad, b + r1)));
        a4 = a4.add(gv.mul(FloatVector.fromArray(S, pad, b + r1 + 1)));
        a5 = a5.add(gv.mul(FloatVector.fromArray(S, pad, b + r1 + 2)));
        a6 = a6.add(gv.mul(FloatVector.fromArray(S, pad, b + r2)));
        a7 = a7.add(gv.mul(FloatVector.fromArray(S, pad, b + r2 + 1)));
        a8 = a8.add(gv.mul(FloatVector.fromArray(S, pad, b + r2 + 2)));
      }
      if (i + lanes > limit) {
        VectorMask<Float> keep = S.indexInRange(i, limit);
        a0 = zero.blend(a0, keep);
        a1 = zero.blend(a1, keep);
        a2 = zero.blend(a2, keep);
        a3 = zero.blend(a3, keep);
        a4 = zero.blend(a4, keep);
        a5 = zero.blend(a5, keep);
        a6 = zero.blend(a6, keep);
        a7 = zero.blend(a7, keep);
        a8 = zero.blend(a8, keep);
      }
      t0 = t0.add(a0);
      t1 = t1.add(a1);
      t2 = t2.add(a2);
      t3 = t3.add(a3);
      t4 = t4.add(a4);
      t5 = t5.add(a5);
      t6 = t6.add(a6);
      t7 = t7.add(a7);
      t8 = t8.add(a8);
    }
    t0.intoArray(totals, 0);
    t1.intoArray(totals, lanes);
    t2.intoArray(totals, 2 * lanes);
    t3.intoArray(totals, 3 * lanes);
    t4.intoArray(totals, 4 * lanes);
    t5.intoArray(totals, 5 * lanes);
    t6.intoArray(totals, 6 * lanes);
    t7.intoArray(totals, 7 * lanes);
    t8.intoArray(totals, 8 * lanes);
  }

  /**
   * Nine taps: {@code totals[t·lanes + j] = Σ_{i ≡ j} g[gOff + i]·src[off_t + i]} for {@code i <
   * limit}, in float vector lanes in element order ({@link #tapProductsStore}'s products summed
   * without being stored; {@code g} past {@code limit} in the last vector counts as zero, so the
   * floats of {@code src} there must be finite). The caller adds each tap's lanes with {@link
   * #laneSum}.
   */
  static void tapTotals9(float[] g, int gOff, float[] src, int[] off, int limit, float[] totals) {
    int lanes = S.length();
    int o0 = off[0];
    int o1 = off[1];
    int o2 = off[2];
    int o3 = off[3];
    int o4 = off[4];
    int o5 = off[5];
    int o6 = off[6];
    int o7 = off[7];
    int o8 = off[8];
    FloatVector zero = FloatVector.zero(S);
    FloatVector t0 = zero;
    FloatVector t1 = zero;
    FloatVector t2 = zero;
    FloatVector t3 = zero;
    FloatVector t4 = zero;
    FloatVector t5 = zero;
    FloatVector t6 = zero;
    FloatVector t7 = zero;
    FloatVector t8 = zero;
    for (int i = 0; i < limit; i += lanes) {
      FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
      if (i + lanes > limit) {
        gv = zero.blend(gv, S.indexInRange(i, limit));
      }
      t0 = t0.add(gv.mul(FloatVector.fromArray(S, src, o0 + i)));
      t1 = t1.add(gv.mul(FloatVector.fromArray(S, src, o1 + i)));
      t2 = t2.add(gv.mul(FloatVector.fromArray(S, src, o2 + i)));
      t3 = t3.add(gv.mul(FloatVector.fromArray(S, src, o3 + i)));
      t4 = t4.add(gv.mul(FloatVector.fromArray(S, src, o4 + i)));
      t5 = t5.add(gv.mul(FloatVector.fromArray(S, src, o5 + i)));
      t6 = t6.add(gv.mul(FloatVector.fromArray(S, src, o6 + i)));
      t7 = t7.add(gv.mul(FloatVector.fromArray(S, src, o7 + i)));
      t8 = t8.add(gv.mul(FloatVector.fromArray(S, src, o8 + i)));
    }
    t0.intoArray(totals, 0);
    t1.intoArray(totals, lanes);
    t2.intoArray(totals, 2 * lanes);
    t3.intoArray(totals, 3 * lanes);
    t4.intoArray(totals, 4 * lanes);
    t5.intoArray(totals, 5 * lanes);
    t6.intoArray(totals, 6 * lanes);
    t7.intoArray(totals, 7 * lanes);
    t8.intoArray(totals, 8 * lanes);
  }

  /**
   * Splits the padded rows of {@code n} planes of {@code h×w} (image after image in {@code in})
   * into the four stacked phase planes of a stride-2 layer: input element {@code (y, x)} of image
   * {@code img}, at padded row {@code py = y + padTop} and column {@code px = x + padLeft}, goes to
   * {@code dst[phase·phaseSize + img·plane + (py >> 1)·rowLen + (px >> 1)]} with {@code phase =
   * 2·(py & 1) + (px & 1)}. Each phase row is stored in whole vectors whose lanes past the row are
   * zero, in increasing order, so the floats past a phase row up to a vector later must be padding
   * (zero) or the place of a later row; rows near the end of {@code in} are copied without vectors.
   */
  static void splitPhases(
      float[] in,
      int n,
      int h,
      int w,
      int padTop,
      int padLeft,
      float[] dst,
      int phaseSize,
      int plane,
      int rowLen) {
    int lanes = S.length();
    int halfLanes = lanes / 2;
    int[] idx = new int[lanes];
    for (int i = 0; i < lanes; i++) {
      idx[i] = (2 * i) % lanes;
    }
    VectorShuffle<Float> even = VectorShuffle.fromArray(S, idx, 0);
    FloatVector zero = FloatVector.zero(S);
    VectorMask<Float> half = S.indexInRange(0, halfLanes);
    // per column parity: the first input column, how many columns, where they start in the row
    int x0a = padLeft & 1;
    int x0b = (1 + padLeft) & 1;
    int countA = w > x0a ? (w - x0a + 1) / 2 : 0;
    int countB = w > x0b ? (w - x0b + 1) / 2 : 0;
    int colA = (x0a + padLeft) >> 1;
    int colB = (x0b + padLeft) >> 1;
    VectorMask<Float> lastA = S.indexInRange(0, countA - (countA - 1) / halfLanes * halfLanes);
    VectorMask<Float> lastB = S.indexInRange(0, countB - (countB - 1) / halfLanes * halfLanes);
    int safe = in.length - lanes;
    for (int img = 0; img < n; img++) {
      for (int y = 0; y < h; y++) {
        int py = y + padTop;
        int base = 2 * (py & 1) * phaseSize + img * plane + (py >> 1) * rowLen;
        int src = (img * h + y) * w;
        for (int p = 0; p < 2; p++) {
          int count = p == 0 ? countA : countB;
          int s = src + (p == 0 ? x0a : x0b);
          int d = base + p * phaseSize + (p == 0 ? colA : colB);
          VectorMask<Float> last = p == 0 ? lastA : lastB;
          for (int m = 0; m < count; m += halfLanes) {
            int at = s + 2 * m;
            if (at <= safe) {
              FloatVector v = FloatVector.fromArray(S, in, at).rearrange(even);
              zero.blend(v, m + halfLanes < count ? half : last).intoArray(dst, d + m);
            } else {
              for (int q = m, end = Math.min(count, m + halfLanes); q < end; q++) {
                dst[d + q] = in[s + 2 * q];
              }
            }
          }
        }
      }
    }
  }

  /**
   * The inverse of {@link #splitPhases}: {@code out[(img·h + y)·w + x] = src[phase·phaseSize +
   * img·plane + (py >> 1)·rowLen + (px >> 1)]} for every image and input element. Rows are stored
   * in whole vectors in increasing order: the floats past a row up to a vector later are
   * overwritten by later rows or left as they come (past the last row); near the end of {@code out}
   * the rows are copied without vectors.
   */
  static void mergePhases(
      float[] src,
      int phaseSize,
      int plane,
      int rowLen,
      int padTop,
      int padLeft,
      float[] out,
      int n,
      int h,
      int w) {
    int lanes = S.length();
    int[] idx = new int[lanes];
    boolean[] oddLanes = new boolean[lanes];
    for (int j = 0; j < lanes; j++) {
      idx[j] = j / 2;
      oddLanes[j] = (j & 1) == 1;
    }
    VectorShuffle<Float> zip = VectorShuffle.fromArray(S, idx, 0);
    VectorMask<Float> odd = VectorMask.fromArray(S, oddLanes, 0);
    int first = padLeft & 1;
    int colFirst = padLeft >> 1;
    int colSecond = (1 + padLeft) >> 1;
    int outSafe = out.length - lanes;
    int srcSafe = src.length - lanes;
    for (int img = 0; img < n; img++) {
      for (int y = 0; y < h; y++) {
        int py = y + padTop;
        int base = 2 * (py & 1) * phaseSize + img * plane + (py >> 1) * rowLen;
        int f = base + first * phaseSize + colFirst;
        int g = base + (1 - first) * phaseSize + colSecond;
        int dst = (img * h + y) * w;
        for (int x = 0; x < w; x += lanes) {
          int fx = f + x / 2;
          int gx = g + x / 2;
          if (dst + x <= outSafe && fx <= srcSafe && gx <= srcSafe) {
            FloatVector a = FloatVector.fromArray(S, src, fx).rearrange(zip);
            FloatVector b = FloatVector.fromArray(S, src, gx).rearrange(zip);
            a.blend(b, odd).intoArray(out, dst + x);
          } else {
            for (int q = x, end = Math.min(w, x + lanes); q < end; q++) {
              out[dst + q] = (q & 1) == 0 ? src[f + q / 2] : src[g + q / 2];
            }
          }
        }
      }
    }
  }

  /**
   * {@code row[j] = min(max(row[j] + bias, 0), 6)} for {@code j < len}, as {@code Math.max}/{@code
   * Math.min} compute it.
   */
  static void biasRelu6(float[] row, int len, float bias) {
    int j = 0;
    for (int whole = S.loopBound(len); j < whole; j += S.length()) {
      FloatVector.fromArray(S, row, j).add(bias).max(0f).min(6f).intoArray(row, j);
    }
    for (; j < len; j++) {
      row[j] = Math.min(Math.max(row[j] + bias, 0f), 6f);
    }
  }

  /**
   * {@code g[j] = g[j]·min(y[j]·(6 − y[j])·1e38·1e38, 1)} for {@code j < len}: the ReLU6 mask of
   * {@link CpuTailOps#relu6Mask}, the same floats.
   */
  static void relu6Mask(float[] y, float[] g, int len) {
    FloatVector six = FloatVector.broadcast(S, 6f);
    int j = 0;
    for (int whole = S.loopBound(len); j < whole; j += S.length()) {
      FloatVector v = FloatVector.fromArray(S, y, j);
      FloatVector m = v.mul(six.sub(v)).mul(1e38f).mul(1e38f).min(1f);
      FloatVector.fromArray(S, g, j).mul(m).intoArray(g, j);
    }
    for (; j < len; j++) {
      float val = y[j];
      g[j] = g[j] * Math.min(val * (6f - val) * 1e38f * 1e38f, 1f);
    }
  }
}
