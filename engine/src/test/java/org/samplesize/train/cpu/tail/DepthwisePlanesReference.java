package org.samplesize.train.cpu.tail;

import java.util.Arrays;
import org.samplesize.train.tail.DepthwiseSpec;

/**
 * The depthwise kernels as they were before vectorisation, kept as the reference that {@link
 * DepthwisePlanesTest} holds the current ones to, bit for bit. Depthwise convolution of one {@code
 * H×W} plane (one channel of one image), forward and backward, on heap arrays. One instance per
 * worker thread and layer: it owns the scratch planes.
 *
 * <p>The input is copied into a zero-padded plane of width {@code Wp = W + padLeft + padRight}.
 * With stride 1 every kernel tap is then one long contiguous loop over the flat padded plane
 * ({@code out[i] += w·pad[i + ky·Wp + kx]}), which the JIT vectorises; the {@code Wp − outW}
 * columns that straddle the right border are computed and thrown away. Stride 2 uses direct loops.
 */
final class DepthwisePlanesReference {
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
  private final float[] pad;
  private final float[] flat;
  private final float[] dPad;
  private final float[] tapAcc;

  DepthwisePlanesReference(DepthwiseSpec spec, int h, int w) {
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
    // slack of k floats: the flat stride-1 loops read up to k − 2 past the last padded row
    this.pad = new float[hp * wp + k];
    this.flat = new float[oh * wp + k];
    this.dPad = new float[hp * wp + k];
    this.tapAcc = stride == 1 ? new float[k * k * oh * wp] : new float[0];
  }

  /** Starts the weight-gradient sums of a new channel. */
  void startChannel() {
    Arrays.fill(tapAcc, 0f);
  }

  /**
   * Adds the channel's weight-gradient sums (kept per element with stride 1) into {@code dW}.
   *
   * @param dW the channel's {@code k×k} weight gradient
   */
  void finishChannel(double[] dW) {
    if (stride != 1) {
      return;
    }
    int len = oh * wp;
    for (int t = 0; t < k * k; t++) {
      double s = 0;
      for (int i = t * len, end = i + len; i < end; i++) {
        s += tapAcc[i];
      }
      dW[t] += s;
    }
  }

  int inSize() {
    return h * w;
  }

  int outSize() {
    return oh * ow;
  }

  private void fillPad(float[] in, int inOff) {
    Arrays.fill(pad, 0f);
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, inOff + y * w, pad, (y + padTop) * wp + padLeft, w);
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
      int len = oh * wp;
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
   * @param gOut holds the gradient of the (pre-activation) output plane {@code oh×ow} from {@code
   *     gOff}
   * @param gOff first gradient value
   * @param in holds the forward input plane {@code h×w} from {@code inOff}
   * @param inOff first input value
   * @param wt weights, taps from {@code wOff}
   * @param wOff first tap
   * @param dW receives {@code dW[t] += Σ gOut·in} for the plane's {@code k×k} taps (accumulated;
   *     with stride 1 only at {@link #finishChannel}, call {@link #startChannel} first)
   * @param gIn receives the gradient of the input plane {@code h×w} from {@code gInOff}, or {@code
   *     null}
   * @param gInOff first input-gradient value
   * @return {@code Σ gOut} (the plane's contribution to the bias gradient)
   */
  double backward(
      float[] gOut,
      int gOff,
      float[] in,
      int inOff,
      float[] wt,
      int wOff,
      double[] dW,
      float[] gIn,
      int gInOff) {
    fillPad(in, inOff);
    double db = 0;
    if (gIn != null) {
      Arrays.fill(dPad, 0f);
    }
    if (stride == 1) {
      int len = oh * wp;
      Arrays.fill(flat, 0, len, 0f);
      for (int oy = 0; oy < oh; oy++) {
        System.arraycopy(gOut, gOff + oy * ow, flat, oy * wp, ow);
      }
      for (int i = 0; i < oh * ow; i++) {
        db += gOut[gOff + i];
      }
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          int off = ky * wp + kx;
          // element-wise products summed per tap across the channel's planes (vectorisable);
          // reduced once per channel in finishChannel
          int ab = (ky * k + kx) * len;
          for (int i = 0; i < len; i++) {
            tapAcc[ab + i] += flat[i] * pad[i + off];
          }
          if (gIn != null) {
            float wk = wt[wOff + ky * k + kx];
            for (int j = 0; j < len; j++) {
              dPad[j + off] += wk * flat[j];
            }
          }
        }
      }
    } else {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float g = gOut[gOff + oy * ow + ox];
          db += g;
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
    return db;
  }
}
