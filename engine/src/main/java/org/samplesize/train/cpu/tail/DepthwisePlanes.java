package org.samplesize.train.cpu.tail;

import java.util.Arrays;
import org.samplesize.train.tail.DepthwiseSpec;

/**
 * Depthwise convolution of one channel (its {@code H×W} plane in each image of a batch), forward
 * and backward, on heap arrays. One instance per worker thread and layer: it owns the scratch
 * planes.
 *
 * <p>Each input plane is copied into a zero-padded plane of width {@code Wp = W + padLeft +
 * padRight} (the border is zeroed once and never written). With stride 1 an output element {@code i
 * = oy·Wp + ox} of the flat padded layout is then {@code bias + Σ_taps w·pad[i + ky·Wp + kx]} and
 * the {@code Wp − outW} columns that straddle the right border are computed and thrown away. Two
 * implementations compute exactly the same floats, in the same order of operations: plain loops
 * (one pass over the plane per tap) and, when {@link DepthwiseVectors#AVAILABLE}, Vector API
 * kernels that keep each output vector in a register across all taps. Stride 2 uses direct loops.
 *
 * <p>Sums: the bias gradient is {@code Σ_images (Σ_pixels g)} in double, each image's sum in pixel
 * order; a weight tap's gradient with stride 1 is the per-element float products summed across the
 * images, then in double over the plane (with stride 2, in double over images and pixels in order).
 * Both are independent of the thread count (threads split channels).
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
  private final boolean vector;

  /** Flat stride-1 output length {@code oh·Wp}, and that rounded up to whole vectors. */
  private final int len;

  private final int lenR;

  /** Leading zeros of {@link #gFlat}: the largest tap offset. */
  private final int lead;

  private final float[] pad;
  private final float[] flat;
  private final float[] dPad;
  private final float[] gFlat;
  private final float[] tapAcc;
  private final double[] dW;

  /**
   * @param spec the layer
   * @param h input height
   * @param w input width
   * @param vector whether to use the Vector API kernels (only when {@link
   *     DepthwiseVectors#AVAILABLE}; same results either way)
   */
  DepthwisePlanes(DepthwiseSpec spec, int h, int w, boolean vector) {
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
    this.vector = vector && stride == 1 && DepthwiseVectors.AVAILABLE;
    this.len = oh * wp;
    this.lenR = roundUp(len);
    this.lead = (k - 1) * (wp + 1);
    // slack: the flat stride-1 loops read up to k − 2 past the last padded row, vectors up to
    // a vector past the rounded length
    this.pad = new float[Math.max(hp * wp + k, lenR + lead + LANES)];
    this.flat = new float[lenR + k];
    this.dPad = new float[roundUp(hp * wp) + LANES + k];
    this.gFlat = new float[lead + roundUp(hp * wp) + LANES];
    this.tapAcc = stride == 1 ? new float[k * k * lenR] : new float[0];
    this.dW = new double[k * k];
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

  /** Copies the plane's interior into {@link #pad}; the border stays zero. */
  private void fillPad(float[] in, int inOff) {
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, inOff + y * w, pad, (y + padTop) * wp + padLeft, w);
    }
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
    int inPixels = h * w;
    int outPixels = oh * ow;
    for (int img = 0; img < n; img++) {
      forward(in, img * inPixels, wt, wOff, bias, true, out, img * outPixels);
    }
  }

  /**
   * @param in holds the input plane {@code h×w} from {@code inOff}
   * @param inOff first input value
   * @param wt weights, the plane's {@code k×k} taps start at {@code wOff}
   * @param wOff first tap
   * @param bias the channel's bias
   * @param relu6 clamp the output to {@code [0, 6]}
   * @param out receives the output plane {@code oh×ow} from {@code outOff}
   * @param outOff first output value
   */
  void forward(
      float[] in,
      int inOff,
      float[] wt,
      int wOff,
      float bias,
      boolean relu6,
      float[] out,
      int outOff) {
    fillPad(in, inOff);
    if (stride == 1) {
      if (vector) {
        // ReLU6 applied in the vectors: the rows are plain copies
        DepthwiseVectors.forwardFlat(pad, wt, wOff, k, wp, bias, relu6, flat, lenR);
        for (int oy = 0; oy < oh; oy++) {
          System.arraycopy(flat, oy * wp, out, outOff + oy * ow, ow);
        }
        return;
      }
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
        if (relu6) {
          for (int ox = 0; ox < ow; ox++) {
            out[dst + ox] = Math.min(Math.max(flat[src + ox], 0f), 6f);
          }
        } else {
          System.arraycopy(flat, src, out, dst, ow);
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
        out[outOff + oy * ow + ox] = relu6 ? Math.min(Math.max(acc, 0f), 6f) : acc;
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
   * @param n images
   * @param gW receives the channel's {@code k×k} weight gradient from {@code wOff}
   * @return the channel's bias gradient
   */
  float backwardChannel(
      float[] gOut, float[] in, float[] wt, int wOff, float[] gIn, int n, float[] gW) {
    int inPixels = h * w;
    int outPixels = oh * ow;
    Arrays.fill(dW, 0.0);
    if (stride == 1) {
      Arrays.fill(tapAcc, 0f);
    }
    for (int img = 0; img < n; img++) {
      backwardPlane(gOut, img * outPixels, in, img * inPixels, wt, wOff, gIn, img * inPixels);
    }
    if (stride == 1) {
      sumTaps();
    }
    for (int t = 0; t < k * k; t++) {
      gW[wOff + t] = (float) dW[t];
    }
    return (float) planeSums(gOut, n, outPixels);
  }

  /**
   * {@code Σ_img (Σ_i g[img][i])} in double, each image's sum in pixel order from 0 and the images'
   * sums added in order; four images at a time so that the additions overlap.
   */
  static double planeSums(float[] g, int n, int pixels) {
    double db = 0;
    int img = 0;
    for (; img + 3 < n; img += 4) {
      int o0 = img * pixels;
      int o1 = o0 + pixels;
      int o2 = o1 + pixels;
      int o3 = o2 + pixels;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0; i < pixels; i++) {
        s0 += g[o0 + i];
        s1 += g[o1 + i];
        s2 += g[o2 + i];
        s3 += g[o3 + i];
      }
      db += s0;
      db += s1;
      db += s2;
      db += s3;
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

  /** Adds each tap's element sums (stride 1), in double in element order, into {@link #dW}. */
  private void sumTaps() {
    int taps = k * k;
    int t = 0;
    // three taps at a time: independent chains of double additions overlap
    for (; t + 2 < taps; t += 3) {
      int a0 = t * lenR;
      int a1 = a0 + lenR;
      int a2 = a1 + lenR;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < len; i++) {
        s0 += tapAcc[a0 + i];
        s1 += tapAcc[a1 + i];
        s2 += tapAcc[a2 + i];
      }
      dW[t] += s0;
      dW[t + 1] += s1;
      dW[t + 2] += s2;
    }
    for (; t < taps; t++) {
      double s = 0;
      for (int i = t * lenR, end = i + len; i < end; i++) {
        s += tapAcc[i];
      }
      dW[t] += s;
    }
  }

  /** One image's plane: weight-gradient terms into {@link #tapAcc} or {@link #dW}, and gIn. */
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
      // the gradient in the flat padded layout, zero in the thrown-away columns, with `lead`
      // zeros before it so that every tap's shifted read stays inside the array
      for (int oy = 0; oy < oh; oy++) {
        System.arraycopy(gOut, gOff + oy * ow, gFlat, lead + oy * wp, ow);
      }
      if (vector) {
        DepthwiseVectors.tapProducts(gFlat, lead, pad, k, wp, tapAcc, lenR);
        if (gIn != null) {
          DepthwiseVectors.inputGradient(gFlat, lead, wt, wOff, k, wp, dPad, padTop * wp, h * wp);
        }
      } else {
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
    if (gIn != null) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(dPad, (y + padTop) * wp + padLeft, gIn, gInOff + y * w, w);
      }
    }
  }
}
