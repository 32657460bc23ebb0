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
 * kernels that keep each output vector in a register across all taps.
 *
 * <p>Stride 2 with the Vector API splits the padded plane into four phase planes (even/odd rows ×
 * even/odd columns, each {@code Wq} wide): every tap of a stride-2 output then reads one phase
 * plane at a fixed offset, so the stride-2 layer runs the same flat kernels as stride 1. The plain
 * loops of stride 2 visit the outputs directly; both give the same floats (the vector kernels add
 * the terms each output or input element receives in the loops' order).
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

  /** Stride 2 with the Vector API on the phase planes. */
  private final boolean phased;

  /** Width and height of a phase plane, and the floats each one takes in {@link #pad}. */
  private final int wq;

  private final int hq;
  private final int phaseSize;

  /** Floats of one phase plane of the input gradient in {@link #dPad}. */
  private final int dPhaseSize;

  /** Per tap, where its input sits in {@link #pad} relative to the output element (phased). */
  private final int[] forwardOff;

  /** Per phase plane: its taps in the plain loops' order, and their gradient offsets (phased). */
  private final int[][] gatherTap;

  private final int[][] gatherOff;
  private final float[] gatherW;

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
   * Stride 1 with the Vector API: the channel's images stacked in one plane (see {@link
   * #forwardChannel}), rows {@link #sc} floats apart and images {@link #sr} rows apart.
   */
  private final boolean stacked;

  private final int sc;
  private final int sr;

  /** Flat output length of one image in the stacked rows, {@code oh·sc}, and whole vectors. */
  private final int sLen;

  private final int sLenR;

  /** Leading zeros of {@link #sG}: the largest tap offset. */
  private final int sLead;

  /** Images the stacked planes hold (grown on demand). */
  private int sImages;

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
    this.phased = vector && stride == 2 && DepthwiseVectors.AVAILABLE;
    int half = (k - 1) / 2;
    // a phase plane is at least `half` columns wider than the output, so that a gradient read
    // left of column 0 lands in the previous row's zero columns
    this.wq = Math.max((wp + 1) / 2, ow + half);
    this.hq = (hp + 1) / 2;
    if (phased) {
      this.len = oh * wq;
      this.lenR = roundUp(len);
      this.lead = half * (wq + 1);
      this.phaseSize = Math.max(hq * wq, lenR + lead) + LANES;
      this.dPhaseSize = roundUp(hq * wq);
      this.pad = new float[4 * phaseSize];
      this.flat = new float[lenR];
      this.dPad = new float[4 * dPhaseSize];
      this.gFlat = new float[lead + dPhaseSize + LANES];
      this.tapAcc = new float[k * k * lenR];
      this.forwardOff = new int[k * k];
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          forwardOff[ky * k + kx] = phase(ky, kx) * phaseSize + (ky / 2) * wq + kx / 2;
        }
      }
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
              off[t] = -(j * wq + i);
              t++;
            }
          }
          gatherTap[2 * a + b] = tap;
          gatherOff[2 * a + b] = off;
        }
      }
      this.gatherW = new float[k * k];
    } else {
      this.len = oh * wp;
      this.lenR = roundUp(len);
      this.lead = (k - 1) * (wp + 1);
      this.phaseSize = 0;
      this.dPhaseSize = 0;
      // slack: the flat stride-1 loops read up to k − 2 past the last padded row, vectors up to
      // a vector past the rounded length
      this.pad = new float[Math.max(hp * wp + k, lenR + lead + LANES)];
      this.flat = new float[lenR + k];
      this.dPad = new float[roundUp(hp * wp) + LANES + k];
      this.gFlat = new float[lead + roundUp(hp * wp) + LANES];
      this.tapAcc = stride == 1 ? new float[k * k * lenR] : new float[0];
      this.forwardOff = null;
      this.gatherTap = null;
      this.gatherOff = null;
      this.gatherW = null;
    }
    this.dW = new double[k * k];
    this.stacked = this.vector;
    // rows and images share their padding: a row's right padding is the next one's left, an
    // image's bottom padding the next one's top (and wide enough for the outputs)
    this.sc = Math.max(w + Math.max(spec.padLeft(), spec.padRight()), ow);
    this.sr = Math.max(h + Math.max(spec.padTop(), spec.padBottom()), oh);
    this.sLen = oh * sc;
    this.sLenR = roundUp(sLen);
    this.sLead = (k - 1) * (sc + 1);
    this.sTapAcc = stacked ? new float[k * k * sLenR] : new float[0];
  }

  /** Grows the stacked planes to hold {@code n} images. */
  private void stackedCapacity(int n) {
    if (n <= sImages) {
      return;
    }
    int plane = sr * sc;
    int outputs = roundUp(((n - 1) * sr + oh) * sc);
    int span = Math.max(Math.max(n * plane, outputs), (n - 1) * plane + sLenR);
    sPad = new float[span + sLead + 2 * LANES];
    sFlat = new float[outputs + LANES];
    sG = new float[sLead + span + 2 * LANES];
    sDPad = new float[span + 2 * LANES];
    sImages = n;
  }

  /** Copies the images' planes into {@link #sPad}; everything else there stays zero. */
  private void fillStacked(float[] in, int n) {
    DepthwiseVectors.copyRows(in, 0, w, h * w, sPad, padTop * sc + padLeft, sc, sr * sc, n, h, w);
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

  /** Copies the plane's interior into {@link #pad} (or its phase planes); the border stays zero. */
  private void fillPad(float[] in, int inOff) {
    if (phased) {
      for (int y = 0; y < h; y++) {
        int py = y + padTop;
        int rowBase = 2 * (py & 1) * phaseSize + (py >> 1) * wq;
        int src = inOff + y * w;
        for (int x = 0; x < w; x++) {
          int px = x + padLeft;
          pad[rowBase + (px & 1) * phaseSize + (px >> 1)] = in[src + x];
        }
      }
      return;
    }
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
    if (stacked) {
      stackedCapacity(n);
      fillStacked(in, n);
      int outputs = roundUp(((n - 1) * sr + oh) * sc);
      DepthwiseVectors.forwardFlat(sPad, wt, wOff, k, sc, bias, true, sFlat, outputs);
      DepthwiseVectors.copyRows(sFlat, 0, sc, sr * sc, out, 0, ow, oh * ow, n, oh, ow);
      return;
    }
    int inPixels = h * w;
    int outPixels = oh * ow;
    for (int img = 0; img < n; img++) {
      fillPad(in, img * inPixels);
      convolve(wt, wOff, bias, true, out, img * outPixels);
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
    convolve(wt, wOff, bias, relu6, out, outOff);
  }

  /** The convolution of the plane in {@link #pad}. */
  private void convolve(float[] wt, int wOff, float bias, boolean relu6, float[] out, int outOff) {
    if (phased) {
      DepthwiseVectors.forwardTaps(pad, forwardOff, wt, wOff, bias, relu6, flat, lenR);
      for (int oy = 0; oy < oh; oy++) {
        System.arraycopy(flat, oy * wq, out, outOff + oy * ow, ow);
      }
      return;
    }
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
    if (stacked) {
      backwardStacked(gOut, in, wt, wOff, gIn, n);
      for (int t = 0; t < k * k; t++) {
        gW[wOff + t] = (float) dW[t];
      }
      return (float) planeSums(gOut, n, outPixels);
    }
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

  /**
   * The stacked backward of all {@code n} images: the weight-gradient terms summed across the
   * images per element in registers, then per tap in double in element order (the columns and rows
   * past the outputs add zeros, which leave the sums as they are), and the input gradient of every
   * image in one pass.
   */
  private void backwardStacked(float[] gOut, float[] in, float[] wt, int wOff, float[] gIn, int n) {
    stackedCapacity(n);
    int plane = sr * sc;
    fillStacked(in, n);
    DepthwiseVectors.copyRows(gOut, 0, ow, oh * ow, sG, sLead, sc, plane, n, oh, ow);
    DepthwiseVectors.tapSums(sG, sLead, sPad, k, sc, n, plane, sTapAcc, sLenR);
    sumTaps(sTapAcc, sLen, sLenR);
    if (gIn == null) {
      return;
    }
    int from = padTop * sc;
    int end = ((n - 1) * sr + padTop + h) * sc;
    DepthwiseVectors.inputGradient(sG, sLead, wt, wOff, k, sc, sDPad, from, end - from);
    DepthwiseVectors.copyRows(sDPad, from + padLeft, sc, plane, gIn, 0, w, h * w, n, h, w);
  }

  /** Adds each tap's element sums (stride 1), in double in element order, into {@link #dW}. */
  private void sumTaps() {
    sumTaps(tapAcc, len, lenR);
  }

  /**
   * Adds each tap's element sums {@code acc[t·lenR + i]} for {@code i < len}, in double in element
   * order, into {@link #dW}.
   */
  private void sumTaps(float[] acc, int len, int lenR) {
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
      for (int i = t * lenR, end = i + len; i < end; i++) {
        s += acc[i];
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
    if (phased) {
      copyGradient(gOut, gOff, wq);
      backwardPhased(wt, wOff, gIn != null);
    } else if (stride == 1) {
      copyGradient(gOut, gOff, wp);
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
    if (gIn == null) {
      return;
    }
    for (int y = 0; y < h; y++) {
      int py = y + padTop;
      int dst = gInOff + y * w;
      if (phased) {
        int rowBase = 2 * (py & 1) * dPhaseSize + (py >> 1) * wq;
        for (int x = 0; x < w; x++) {
          int px = x + padLeft;
          gIn[dst + x] = dPad[rowBase + (px & 1) * dPhaseSize + (px >> 1)];
        }
      } else {
        System.arraycopy(dPad, py * wp + padLeft, gIn, dst, w);
      }
    }
  }

  /**
   * The plane's output gradient into {@link #gFlat}, rows {@code rowWidth} apart after {@code lead}
   * zeros (so that every tap's shifted read stays inside the array; the columns past the output
   * stay zero).
   */
  private void copyGradient(float[] gOut, int gOff, int rowWidth) {
    for (int oy = 0; oy < oh; oy++) {
      System.arraycopy(gOut, gOff + oy * ow, gFlat, lead + oy * rowWidth, ow);
    }
  }

  /**
   * Stride 2 on the phase planes: the weight-gradient terms in double, output by output as the
   * plain loops add them, and the input gradient's phase planes into {@link #dPad}.
   */
  private void backwardPhased(float[] wt, int wOff, boolean withInput) {
    DepthwiseVectors.tapProductsStore(gFlat, lead, pad, forwardOff, tapAcc, lenR);
    // each tap's chain of double additions in output order; three chains at a time overlap
    int taps = k * k;
    int t = 0;
    for (; t + 2 < taps; t += 3) {
      double s0 = dW[t];
      double s1 = dW[t + 1];
      double s2 = dW[t + 2];
      int a0 = t * lenR;
      int a1 = a0 + lenR;
      int a2 = a1 + lenR;
      for (int oy = 0; oy < oh; oy++) {
        for (int i = oy * wq, end = i + ow; i < end; i++) {
          s0 += tapAcc[a0 + i];
          s1 += tapAcc[a1 + i];
          s2 += tapAcc[a2 + i];
        }
      }
      dW[t] = s0;
      dW[t + 1] = s1;
      dW[t + 2] = s2;
    }
    for (; t < taps; t++) {
      double s = dW[t];
      int base = t * lenR;
      for (int oy = 0; oy < oh; oy++) {
        for (int i = base + oy * wq, end = i + ow; i < end; i++) {
          s += tapAcc[i];
        }
      }
      dW[t] = s;
    }
    if (withInput) {
      for (int ph = 0; ph < 4; ph++) {
        int[] tap = gatherTap[ph];
        for (int j = 0; j < tap.length; j++) {
          gatherW[j] = wt[wOff + tap[j]];
        }
        DepthwiseVectors.gatherTaps(
            gFlat, lead, gatherOff[ph], gatherW, tap.length, dPad, ph * dPhaseSize, hq * wq);
      }
    }
  }
}
