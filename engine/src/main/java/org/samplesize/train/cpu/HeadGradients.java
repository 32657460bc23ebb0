package org.samplesize.train.cpu;

import java.util.Arrays;

/**
 * One minibatch step's forward and backward pass of a dense softmax head: the logits, {@code
 * (softmax - onehot) / nb} and the weight and bias gradients, in plain loops or with the logits
 * product (and, without the Vector API, the weight gradient) in OpenBLAS. Apart from {@link
 * CpuHeadStack}, which decides which rows go into a step and applies the optimiser, because these
 * are the kernels the gradient tests check against finite differences and against each other.
 */
final class HeadGradients {
  private HeadGradients() {}

  /**
   * {@link #forwardBackward} with both products in OpenBLAS: inputs in {@code s.xdNative}, results
   * in {@code s.g}, {@code s.gw}, {@code s.gb}. The weight gradient {@code gᵀ·xd} is OpenBLAS', not
   * a Java sum: one in the batch's order (one fused multiply-add a row) equals OpenBLAS on AVX-512
   * cores but not on AVX2 ones, and when a Vector API path summed so, the weights depended on which
   * path a plan took, and so on how many models one call trained (one in a Spark task).
   */
  static void blasForwardBackward(
      HeadScratch s, int[] y, int nb, int d, int k, float[] w, int wOff, float[] bias, int bOff) {
    float[] g = s.g;
    s.wNative.position(0).put(w, wOff, k * d).position(0);
    Blas.gemmNt(nb, k, d, s.xdNative, s.wNative, s.logitsNative);
    s.logitsNative.position(0).get(g, 0, nb * k).position(0);
    softmaxGradient(g, y, nb, k, bias, bOff);
    s.gNative.position(0).put(g, 0, nb * k).position(0);
    Blas.gemmTn(k, d, nb, s.gNative, s.xdNative, s.gwNative);
    s.gwNative.position(0).get(s.gw, 0, k * d).position(0);
    Arrays.fill(s.gb, 0f);
    for (int b = 0; b < nb; b++) {
      for (int c = 0; c < k; c++) {
        s.gb[c] += g[b * k + c];
      }
    }
  }

  /** Logits (bias not yet added) to {@code (softmax - onehot) / nb}, in place. */
  private static void softmaxGradient(float[] g, int[] y, int nb, int k, float[] bias, int bOff) {
    float fnb = nb;
    for (int b = 0; b < nb; b++) {
      for (int c = 0; c < k; c++) {
        g[b * k + c] += bias[bOff + c];
      }
      HeadMath.softmax(g, b * k, k);
      for (int c = 0; c < k; c++) {
        g[b * k + c] = (g[b * k + c] - (c == y[b] ? 1f : 0f)) / fnb;
      }
    }
  }

  /**
   * Gradient of the mean categorical cross-entropy of a dense softmax layer on one minibatch.
   *
   * @param xd inputs, {@code nb × d} row-major (after dropout)
   * @param y label of each input row
   * @param nb rows in the batch
   * @param d inputs per row
   * @param k classes
   * @param w weights, {@code k × d} from {@code wOff}
   * @param wOff first weight
   * @param bias bias, {@code k} from {@code bOff}
   * @param bOff first bias
   * @param g scratch, receives {@code (softmax - onehot) / nb}, {@code nb × k}
   * @param gw receives the weight gradient, {@code k × d}
   * @param gb receives the bias gradient, {@code k}
   */
  static void forwardBackward(
      float[] xd,
      int[] y,
      int nb,
      int d,
      int k,
      float[] w,
      int wOff,
      float[] bias,
      int bOff,
      float[] g,
      float[] gw,
      float[] gb) {
    for (int b = 0; b < nb; b++) {
      for (int c = 0; c < k; c++) {
        g[b * k + c] = HeadMath.dotLoops(xd, b * d, w, wOff + c * d, d);
      }
    }
    softmaxGradient(g, y, nb, k, bias, bOff);
    Arrays.fill(gw, 0, k * d, 0f);
    Arrays.fill(gb, 0, k, 0f);
    for (int b = 0; b < nb; b++) {
      int xb = b * d;
      for (int c = 0; c < k; c++) {
        float gc = g[b * k + c];
        gb[c] += gc;
        HeadMath.axpy(gc, xd, xb, gw, c * d, d);
      }
    }
  }
}
