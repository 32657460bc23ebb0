package org.samplesize.train.cpu.tail;

import java.util.Arrays;
import org.samplesize.train.tail.DepthwiseSpec;

/**
 * Depthwise convolution of one channel (its {@code H×W} plane in each image of a batch), forward
 * and backward, on heap arrays. One instance per worker thread and layer: it owns the scratch
 * planes.
 *
 * <p>Plain loops: each image's input plane is copied into a zero-padded plane of width {@code Wp =
 * W + padLeft + padRight} (the border is zeroed once and never written). With stride 1 an output
 * element {@code i = oy·Wp + ox} of the flat padded layout is then {@code bias + Σ_taps w·pad[i +
 * ky·Wp + kx]} and the {@code Wp − outW} columns that straddle the right border are computed and
 * thrown away; other strides visit the outputs directly.
 *
 * <p>Vector API ({@link DepthwiseVectors#AVAILABLE}), stride 1: all images of the channel are
 * stacked in one flat zero-padded plane whose rows and images share their padding (a row's right
 * padding is the next row's left, an image's bottom padding the next image's top), so that one
 * kernel call covers the whole channel and each output vector stays in a register across all taps.
 * Stride 2: the padded planes are split into four phase planes (even/odd rows × even/odd columns,
 * each {@code Wq} wide), the images stacked in each; every tap of a stride-2 output then reads one
 * phase plane at a fixed offset, so the stride-2 layer runs the same flat kernels. Outputs that
 * fall between images or past a row are computed and thrown away.
 *
 * <p>Both compute exactly the same floats, in the same order of operations (multiply then add, no
 * fused multiply-add). Sums: the bias gradient is {@code Σ_images (Σ_pixels g)} in double, each
 * image's sum in pixel order; a weight tap's gradient with stride 1 is the per-element float
 * products summed across the images, then in double over the plane (with stride 2, in double over
 * images and pixels in order). Both are independent of the thread count (threads split channels).
 * With relaxed sums (bf16 products, Vector API kernels) the depthwise weight and bias gradients are
 * summed in float vector lanes instead: each lane sums every {@code lanes}-th term in element order
 * and the lanes are added in order in double, a fixed order per channel (deterministic, not the
 * fp32 order); the outputs and the input gradient stay the same floats.
 */
final class DepthwisePlanes {
  /** Slack for vector over-reads: the widest float vector has 16 lanes. */
  private static final int LANES = 16;

  final int h;
  final int w;
  final int k;
  final int stride;
  final int padTop;
  final int padLeft;
  final int hp;
  final int wp;
  final int oh;
  final int ow;

  /** Stride 1 with the Vector API on the stacked plane. */
  private final boolean stacked;

  /** Stride 2 with the Vector API on the stacked phase planes. */
  private final boolean phased;

  /** Weight and bias gradients summed in float vector lanes (with the Vector API kernels only). */
  private final boolean relaxed;

  /** Relaxed sums: each tap's lanes. */
  private final float[] totals;

  /** Plain loops: flat stride-1 output length {@code oh·Wp}, and that in whole vectors. */
  private final int len;

  private final int lenR;

  /** Plain loops: leading zeros of {@link #gFlat}, the largest tap offset. */
  private final int lead;

  /** Plain loops' scratch: one image's planes. */
  private final float[] pad;

  private final float[] flat;
  private final float[] dPad;
  private final float[] gFlat;
  private final float[] tapAcc;
  private final double[] dW;

  /** Stacked planes: floats from one row to the next, and from one image to the next. */
  private final int rowLen;

  private final int plane;

  /** Stride 1: one image's flat outputs in the stacked rows, {@code oh·rowLen}, whole vectors. */
  private final int sLen;

  private final int sLenR;

  /** Leading zeros of {@link #sG}: the largest distance a tap reads back. */
  private final int sLead;

  /** Stride 2: rows of a phase plane. */
  private final int hq;

  /** Stride 2, per phase plane: its taps in the plain loops' order and their gradient offsets. */
  private final int[][] gatherTap;

  private final int[][] gatherOff;
  private final float[] gatherW;

  /** Images the stacked planes hold (grown on demand). */
  private int sImages;

  /** Stride 2: floats of one stacked phase plane in {@link #sPad}, and in {@link #sDPad}. */
  private int sPhase;

  private int sDPhase;

  /** Stride 2: per tap, where its input sits in {@link #sPad} relative to the output element. */
  private int[] sForwardOff;

  private float[] sPad;
  private float[] sFlat;
  private float[] sG;
  private float[] sDPad;
  private float[] sTapAcc;

  /**
   * @param spec the layer
   * @param h input height
   * @param w input width
   * @param vector whether to use the Vector API kernels (only when {@link
   *     DepthwiseVectors#AVAILABLE}; same results either way)
   * @param relaxedSums whether the Vector API kernels sum the weight and bias gradients in float
   *     vector lanes (for bf16 products) instead of in double in the plain loops' order
   */
  DepthwisePlanes(DepthwiseSpec spec, int h, int w, boolean vector, boolean relaxedSums) {
    this.h = h;
    this.w = w;
    this.k = spec.kernel();
    this.stride = spec.stride();
    this.padTop = spec.padTop();
    this.padLeft = spec.padLeft();
    this.hp = h + spec.padTop() + spec.padBottom();
    this.wp = w + spec.padLeft() + spec.padRight();
    this.oh = spec.outHeight(h);
    this.ow = spec.outWidth(w);
    boolean vectors = vector && DepthwiseVectors.AVAILABLE;
    this.stacked = vectors && stride == 1;
    this.phased = vectors && stride == 2;
    this.relaxed = relaxedSums && (stacked || phased);
    this.totals = relaxed ? new float[k * k * LANES] : null;
    this.dW = new double[k * k];
    if (stacked || phased) {
      this.len = 0;
      this.lenR = 0;
      this.lead = 0;
      this.pad = null;
      this.flat = null;
      this.dPad = null;
      this.gFlat = null;
      this.tapAcc = null;
    } else {
      this.len = oh * wp;
      this.lenR = roundUp(len);
      this.lead = (k - 1) * (wp + 1);
      // slack: the flat stride-1 loops read up to k − 2 past the last padded row
      this.pad = new float[hp * wp + k];
      this.flat = new float[lenR + k];
      this.dPad = new float[hp * wp + k];
      this.gFlat = new float[lead + hp * wp + k];
      this.tapAcc = stride == 1 ? new float[k * k * lenR] : new float[0];
    }
    int half = (k - 1) / 2;
    if (phased) {
      // a phase plane is at least `half` columns wider than the output and an image's phase
      // plane at least `half` rows taller, so that a gradient read left of column 0 or above row
      // 0 lands in the previous row's or image's zeros
      this.rowLen = Math.max((wp + 1) / 2, ow + half);
      this.hq = (hp + 1) / 2;
      this.plane = Math.max(hq, oh + half) * rowLen;
      this.sLead = half * (rowLen + 1);
      this.sLen = 0;
      this.sLenR = 0;
      // the plain loops add an input element's terms output by output: taps in descending order
      this.gatherTap = new int[4][];
      this.gatherOff = new int[4][];
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          int rows = Math.max(0, (k - a + 1) / 2);
          int cols = Math.max(0, (k - b + 1) / 2);
          int[] tap = new int[rows * cols];
          int[] off = new int[rows * cols];
          int t = 0;
          for (int j = rows - 1; j >= 0; j--) {
            for (int i = cols - 1; i >= 0; i--) {
              tap[t] = (a + 2 * j) * k + b + 2 * i;
              off[t] = -(j * rowLen + i);
              t++;
            }
          }
          gatherTap[2 * a + b] = tap;
          gatherOff[2 * a + b] = off;
        }
      }
      this.gatherW = new float[k * k];
    } else {
      // rows and images share their padding (and are wide enough for the outputs)
      this.rowLen = Math.max(w + Math.max(spec.padLeft(), spec.padRight()), ow);
      this.hq = 0;
      this.plane = Math.max(h + Math.max(spec.padTop(), spec.padBottom()), oh) * rowLen;
      this.sLead = (k - 1) * (rowLen + 1);
      this.sLen = oh * rowLen;
      this.sLenR = roundUp(sLen);
      this.gatherTap = null;
      this.gatherOff = null;
      this.gatherW = null;
      this.sTapAcc = stacked ? new float[k * k * sLenR] : null;
    }
  }

  /** Which phase plane holds padded row {@code py} parity and column {@code px} parity. */
  private static int phase(int py, int px) {
    return 2 * (py & 1) + (px & 1);
  }

  private static int roundUp(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  int inSize() {
    return h * w;
  }

  int outSize() {
    return oh * ow;
  }

  /** The flat length of {@code n} images' outputs in the stacked rows, in whole vectors. */
  private int stackedOutputs(int n) {
    return roundUp((n - 1) * plane + oh * rowLen);
  }

  /** Grows the stacked planes to hold {@code n} images. */
  private void stackedCapacity(int n) {
    if (n <= sImages) {
      return;
    }
    int outputs = stackedOutputs(n);
    if (phased) {
      int span = roundUp(n * plane);
      sPhase = span + sLead + 2 * LANES;
      sDPhase = span + 2 * LANES;
      sPad = new float[4 * sPhase];
      sG = new float[sLead + span + 2 * LANES];
      sDPad = new float[4 * sDPhase];
      sTapAcc = new float[k * k * outputs];
      sForwardOff = new int[k * k];
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          sForwardOff[ky * k + kx] = phase(ky, kx) * sPhase + (ky / 2) * rowLen + kx / 2;
        }
      }
    } else {
      int span = Math.max(Math.max(n * plane, outputs), (n - 1) * plane + sLenR);
      sPad = new float[span + sLead + 2 * LANES];
      sG = new float[sLead + span + 2 * LANES];
      sDPad = new float[span + 2 * LANES];
    }
    sFlat = new float[outputs + LANES];
    sImages = n;
  }

  /** Copies the images' planes into {@link #sPad}; everything else there stays zero. */
  private void fillStacked(float[] in, int n) {
    if (!phased) {
      DepthwiseVectors.copyRows(
          in, 0, w, h * w, sPad, padTop * rowLen + padLeft, rowLen, plane, n, h, w);
      return;
    }
    DepthwiseVectors.splitPhases(in, n, h, w, padTop, padLeft, sPad, sPhase, plane, rowLen);
  }

  /**
   * The channel's depthwise convolution with bias and ReLU6 in every image.
   *
   * @param in the channel's input planes, image after image ({@code n·h·w})
   * @param wt weights, the channel's {@code k×k} taps start at {@code wOff}
   * @param wOff first tap
   * @param bias the channel's bias
   * @param out receives the output planes, image after image ({@code n·oh·ow})
   * @param n images
   */
  void forwardChannel(float[] in, float[] wt, int wOff, float bias, float[] out, int n) {
    if (stacked || phased) {
      stackedCapacity(n);
      fillStacked(in, n);
      int outputs = stackedOutputs(n);
      if (phased) {
        DepthwiseVectors.forwardTaps(sPad, sForwardOff, wt, wOff, bias, true, sFlat, outputs);
      } else {
        DepthwiseVectors.forwardFlat(sPad, wt, wOff, k, rowLen, bias, true, sFlat, outputs);
      }
      DepthwiseVectors.copyRows(sFlat, 0, rowLen, plane, out, 0, ow, oh * ow, n, oh, ow);
      return;
    }
    int inPixels = h * w;
    int outPixels = oh * ow;
    for (int img = 0; img < n; img++) {
      fillPad(in, img * inPixels);
      convolve(wt, wOff, bias, out, img * outPixels);
    }
  }

  /** Plain loops: copies one plane's interior into {@link #pad}; the border stays zero. */
  private void fillPad(float[] in, int inOff) {
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, inOff + y * w, pad, (y + padTop) * wp + padLeft, w);
    }
  }

  /** Plain loops: the convolution of the plane in {@link #pad}, with ReLU6. */
  private void convolve(float[] wt, int wOff, float bias, float[] out, int outOff) {
    if (stride == 1) {
      Arrays.fill(flat, 0, len, bias);
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          float wk = wt[wOff + ky * k + kx];
          int off = ky * wp + kx;
          for (int i = 0; i < len; i++) {
            flat[i] += wk * pad[i + off];
          }
        }
      }
      for (int oy = 0; oy < oh; oy++) {
        int src = oy * wp;
        int dst = outOff + oy * ow;
        for (int ox = 0; ox < ow; ox++) {
          out[dst + ox] = Math.min(Math.max(flat[src + ox], 0f), 6f);
        }
      }
      return;
    }
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        float acc = bias;
        int base = oy * stride * wp + ox * stride;
        for (int ky = 0; ky < k; ky++) {
          int row = base + ky * wp;
          int wr = wOff + ky * k;
          for (int kx = 0; kx < k; kx++) {
            acc += wt[wr + kx] * pad[row + kx];
          }
        }
        out[outOff + oy * ow + ox] = Math.min(Math.max(acc, 0f), 6f);
      }
    }
  }

  /**
   * Backward through the channel's depthwise convolution in every image (the gradient is that of
   * the pre-activation output: apply the ReLU6 mask first).
   *
   * @param gOut the output gradient planes, image after image ({@code n·oh·ow})
   * @param in the forward input planes, image after image ({@code n·h·w})
   * @param wt weights, the channel's taps from {@code wOff}
   * @param wOff first tap
   * @param gIn receives the input gradient planes ({@code n·h·w}), or null
   * @param maskInput whether the input gradient is then masked by the ReLU6 that made {@code in}
   *     (as {@link CpuTailOps#relu6Mask}: zero where {@code in} is 0 or 6)
   * @param n images
   * @param gW receives the channel's {@code k×k} weight gradient from {@code wOff}
   * @return the channel's bias gradient
   */
  float backwardChannel(
      float[] gOut,
      float[] in,
      float[] wt,
      int wOff,
      float[] gIn,
      boolean maskInput,
      int n,
      float[] gW) {
    int inPixels = h * w;
    int outPixels = oh * ow;
    Arrays.fill(dW, 0.0);
    if (stacked) {
      backwardStacked(gOut, in, wt, wOff, gIn, n);
    } else if (phased) {
      backwardPhased(gOut, in, wt, wOff, gIn, n);
    } else {
      if (stride == 1) {
        Arrays.fill(tapAcc, 0f);
      }
      for (int img = 0; img < n; img++) {
        backwardPlane(gOut, img * outPixels, in, img * inPixels, wt, wOff, gIn, img * inPixels);
      }
      if (stride == 1) {
        sumTaps(tapAcc, len, lenR);
      }
    }
    if (gIn != null && maskInput) {
      if (stacked || phased) {
        DepthwiseVectors.relu6Mask(in, gIn, n * inPixels);
      } else {
        CpuTailOps.relu6Mask(in, gIn, n * inPixels);
      }
    }
    for (int t = 0; t < k * k; t++) {
      gW[wOff + t] = (float) dW[t];
    }
    if (relaxed) {
      return (float) DepthwiseVectors.sum(gOut, 0, n * outPixels);
    }
    return (float) planeSums(gOut, n, outPixels);
  }

  /**
   * Relaxed sums: each tap's lanes in {@link #totals}, added in order in double into {@link #dW}.
   */
  private void laneTotals() {
    int lanes = DepthwiseVectors.lanes();
    for (int t = 0; t < k * k; t++) {
      dW[t] = DepthwiseVectors.laneSum(totals, t * lanes);
    }
  }

  /**
   * {@code Σ_img (Σ_i g[img][i])} in double, each image's sum in pixel order from 0 and the images'
   * sums added in order; eight images at a time so that the additions overlap.
   */
  static double planeSums(float[] g, int n, int pixels) {
    double db = 0;
    int img = 0;
    for (; img + 7 < n; img += 8) {
      int o0 = img * pixels;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      for (int i = o0, end = o0 + pixels; i < end; i++) {
        s0 += g[i];
        s1 += g[i + pixels];
        s2 += g[i + 2 * pixels];
        s3 += g[i + 3 * pixels];
        s4 += g[i + 4 * pixels];
        s5 += g[i + 5 * pixels];
        s6 += g[i + 6 * pixels];
        s7 += g[i + 7 * pixels];
      }
      db += s0;
      db += s1;
      db += s2;
      db += s3;
      db += s4;
      db += s5;
      db += s6;
      db += s7;
    }
    for (; img < n; img++) {
      double s = 0;
      for (int i = img * pixels, end = i + pixels; i < end; i++) {
        s += g[i];
      }
      db += s;
    }
    return db;
  }

  /**
   * Stride 1, stacked: the weight-gradient terms summed across the images per element in registers,
   * then per tap in double in element order (relaxed: in float vector lanes; the columns and rows
   * past the outputs add zeros, which leave the sums as they are), and the input gradient of every
   * image in one pass.
   */
  private void backwardStacked(float[] gOut, float[] in, float[] wt, int wOff, float[] gIn, int n) {
    stackedCapacity(n);
    fillStacked(in, n);
    DepthwiseVectors.copyRows(gOut, 0, ow, oh * ow, sG, sLead, rowLen, plane, n, oh, ow);
    if (relaxed && k == 3) {
      DepthwiseVectors.tapTotals3(sG, sLead, sPad, rowLen, n, plane, sLen, totals);
      laneTotals();
    } else {
      DepthwiseVectors.tapSums(sG, sLead, sPad, k, rowLen, n, plane, sTapAcc, sLenR);
      if (relaxed) {
        for (int t = 0; t < k * k; t++) {
          dW[t] = DepthwiseVectors.sum(sTapAcc, t * sLenR, sLen);
        }
      } else {
        sumTaps(sTapAcc, sLen, sLenR);
      }
    }
    if (gIn == null) {
      return;
    }
    int from = padTop * rowLen;
    int end = (n - 1) * plane + (padTop + h) * rowLen;
    DepthwiseVectors.inputGradient(sG, sLead, wt, wOff, k, rowLen, sDPad, from, end - from);
    DepthwiseVectors.copyRows(sDPad, from + padLeft, rowLen, plane, gIn, 0, w, h * w, n, h, w);
  }

  /**
   * Adds each tap's element sums {@code acc[t·accLenR + i]} for {@code i < accLen}, in double in
   * element order, into {@link #dW}.
   */
  private void sumTaps(float[] acc, int accLen, int accLenR) {
    int taps = k * k;
    int t = 0;
    // three taps at a time: independent chains of double additions overlap
    for (; t + 2 < taps; t += 3) {
      int a0 = t * accLenR;
      int a1 = a0 + accLenR;
      int a2 = a1 + accLenR;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < accLen; i++) {
        s0 += acc[a0 + i];
        s1 += acc[a1 + i];
        s2 += acc[a2 + i];
      }
      dW[t] += s0;
      dW[t + 1] += s1;
      dW[t + 2] += s2;
    }
    for (; t < taps; t++) {
      double s = 0;
      for (int i = t * accLenR, end = i + accLen; i < end; i++) {
        s += acc[i];
      }
      dW[t] += s;
    }
  }

  /** Plain loops, one image's plane: weight-gradient terms into {@link #tapAcc} or {@link #dW}. */
  private void backwardPlane(
      float[] gOut,
      int gOff,
      float[] in,
      int inOff,
      float[] wt,
      int wOff,
      float[] gIn,
      int gInOff) {
    fillPad(in, inOff);
    if (stride == 1) {
      for (int oy = 0; oy < oh; oy++) {
        System.arraycopy(gOut, gOff + oy * ow, gFlat, lead + oy * wp, ow);
      }
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          int off = ky * wp + kx;
          int ab = (ky * k + kx) * lenR;
          for (int i = 0; i < len; i++) {
            tapAcc[ab + i] += gFlat[lead + i] * pad[i + off];
          }
        }
      }
      if (gIn != null) {
        // dPad[p] = Σ_taps w·g[p − off] in tap order, starting from zero
        Arrays.fill(dPad, 0f);
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            float wk = wt[wOff + ky * k + kx];
            int off = ky * wp + kx;
            for (int j = 0; j < len; j++) {
              dPad[j + off] += wk * gFlat[lead + j];
            }
          }
        }
      }
    } else {
      if (gIn != null) {
        Arrays.fill(dPad, 0f);
      }
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float g = gOut[gOff + oy * ow + ox];
          int base = oy * stride * wp + ox * stride;
          for (int ky = 0; ky < k; ky++) {
            int row = base + ky * wp;
            for (int kx = 0; kx < k; kx++) {
              dW[ky * k + kx] += g * pad[row + kx];
              if (gIn != null) {
                dPad[row + kx] += wt[wOff + ky * k + kx] * g;
              }
            }
          }
        }
      }
    }
    if (gIn == null) {
      return;
    }
    for (int y = 0; y < h; y++) {
      System.arraycopy(dPad, (y + padTop) * wp + padLeft, gIn, gInOff + y * w, w);
    }
  }

  /**
   * Stride 2 on the stacked phase planes: the weight-gradient terms in double, image by image and
   * output by output as the plain loops add them (relaxed: in float vector lanes), and the input
   * gradient's phase planes.
   */
  private void backwardPhased(float[] gOut, float[] in, float[] wt, int wOff, float[] gIn, int n) {
    stackedCapacity(n);
    fillStacked(in, n);
    DepthwiseVectors.copyRows(gOut, 0, ow, oh * ow, sG, sLead, rowLen, plane, n, oh, ow);
    int outputs = stackedOutputs(n);
    int taps = k * k;
    // relaxed: the products up to the last output, the zeros of g between rows and images included
    int last = (n - 1) * plane + (oh - 1) * rowLen + ow;
    if (relaxed && taps == 9) {
      DepthwiseVectors.tapTotals9(sG, sLead, sPad, sForwardOff, last, totals);
      laneTotals();
    } else if (relaxed) {
      DepthwiseVectors.tapProductsStore(sG, sLead, sPad, sForwardOff, sTapAcc, outputs);
      for (int t = 0; t < taps; t++) {
        dW[t] = DepthwiseVectors.sum(sTapAcc, t * outputs, last);
      }
    } else if (taps == 9) {
      DepthwiseVectors.tapProductsStore(sG, sLead, sPad, sForwardOff, sTapAcc, outputs);
      phasedSums9(n, outputs);
    } else {
      DepthwiseVectors.tapProductsStore(sG, sLead, sPad, sForwardOff, sTapAcc, outputs);
      // each tap's chain of double additions in image and output order; three chains overlap
      for (int t = 0; t < taps; t += 3) {
        int chains = Math.min(3, taps - t);
        for (int c = 0; c < chains; c++) {
          double s = 0;
          int base = (t + c) * outputs;
          for (int img = 0; img < n; img++) {
            for (int oy = 0; oy < oh; oy++) {
              for (int i = base + img * plane + oy * rowLen, end = i + ow; i < end; i++) {
                s += sTapAcc[i];
              }
            }
          }
          dW[t + c] = s;
        }
      }
    }
    if (gIn == null) {
      return;
    }
    int span = roundUp(n * plane);
    for (int ph = 0; ph < 4; ph++) {
      int[] tap = gatherTap[ph];
      for (int j = 0; j < tap.length; j++) {
        gatherW[j] = wt[wOff + tap[j]];
      }
      DepthwiseVectors.gatherTaps(
          sG, sLead, gatherOff[ph], gatherW, tap.length, sDPad, ph * sDPhase, span);
    }
    DepthwiseVectors.mergePhases(sDPad, sDPhase, plane, rowLen, padTop, padLeft, gIn, n, h, w);
  }

  /** The nine taps' chains of {@link #backwardPhased} side by side. */
  private void phasedSums9(int n, int outputs) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    double s8 = 0;
    float[] p = sTapAcc;
    for (int img = 0; img < n; img++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int i = img * plane + oy * rowLen, end = i + ow; i < end; i++) {
          s0 += p[i];
          s1 += p[i + outputs];
          s2 += p[i + 2 * outputs];
          s3 += p[i + 3 * outputs];
          s4 += p[i + 4 * outputs];
          s5 += p[i + 5 * outputs];
          s6 += p[i + 6 * outputs];
          s7 += p[i + 7 * outputs];
          s8 += p[i + 8 * outputs];
        }
      }
    }
    dW[0] = s0;
    dW[1] = s1;
    dW[2] = s2;
    dW[3] = s3;
    dW[4] = s4;
    dW[5] = s5;
    dW[6] = s6;
    dW[7] = s7;
    dW[8] = s8;
  }
}
