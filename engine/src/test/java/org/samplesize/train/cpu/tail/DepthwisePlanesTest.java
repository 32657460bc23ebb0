package org.samplesize.train.cpu.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.samplesize.train.tail.DepthwiseSpec;

/**
 * The depthwise kernels, plain loops and Vector API, against the kernels as they were before they
 * were reworked ({@link DepthwisePlanesReference}): the same floats, bit for bit, for the shapes of
 * MobileNetV2 (3×3, 14×14 and 7×7, stride 1 and 2, TF pads) and odd ones (5×5, asymmetric pads,
 * planes narrower than a vector), forward with ReLU6 and backward with and without the input
 * gradient.
 */
class DepthwisePlanesTest {

  @Test
  void vectorKernelsRunWhereTheTestsRun() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector; this CPU has AVX-512
    assertTrue(DepthwiseVectors.AVAILABLE, "the Vector API kernels are not in use");
  }

  @Test
  void mobileNetShapesMatchTheReferenceBitForBit() {
    check(3, 1, 1, 1, 1, 1, 14, 14, 5);
    check(3, 1, 1, 1, 1, 1, 7, 7, 5);
    check(3, 2, 0, 0, 1, 1, 14, 14, 5);
    check(3, 2, 1, 1, 1, 1, 7, 7, 3);
  }

  @Test
  void oddShapesMatchTheReferenceBitForBit() {
    check(5, 1, 2, 1, 2, 3, 9, 11, 3);
    check(3, 1, 0, 1, 2, 1, 3, 4, 2);
    check(1, 1, 0, 0, 0, 0, 5, 5, 4);
    check(3, 1, 1, 1, 1, 1, 1, 1, 6);
    check(7, 1, 3, 3, 3, 3, 7, 7, 2);
  }

  @Test
  void oddStrideTwoShapesMatchTheReferenceBitForBit() {
    // the phase planes of the stride-2 kernels: odd sizes, every pad parity, 5×5 and 1×1 kernels,
    // planes narrower than a vector and wider than two
    check(3, 2, 1, 0, 1, 2, 9, 11, 3);
    check(5, 2, 2, 2, 2, 2, 13, 13, 2);
    check(5, 2, 1, 2, 2, 1, 8, 7, 2);
    check(1, 2, 0, 0, 0, 0, 6, 5, 3);
    check(3, 2, 0, 0, 1, 1, 2, 2, 4);
    check(3, 2, 1, 1, 1, 1, 40, 38, 2);
    check(3, 3, 1, 1, 1, 1, 10, 10, 2);
  }

  @Test
  void stackedImagesMatchTheReferenceBitForBit() {
    // the stride-1 vector kernels stack a channel's images in one plane: a full batch, one image,
    // and batches that shrink and grow through the same instance (stale images past the batch)
    checkRounds(3, 1, 1, 1, 1, 1, 14, 14, 64, 1, 7);
    checkRounds(3, 1, 1, 1, 1, 1, 7, 7, 64, 3, 64);
    checkRounds(5, 1, 2, 2, 2, 2, 7, 7, 1, 9, 2);
    checkRounds(5, 1, 2, 1, 2, 3, 9, 11, 17, 4);
    checkRounds(3, 1, 0, 2, 2, 0, 5, 17, 6, 2);
    checkRounds(3, 1, 2, 2, 2, 2, 4, 3, 5, 1);
    checkRounds(1, 1, 1, 1, 1, 1, 3, 3, 4, 2);
    checkRounds(3, 1, 1, 1, 1, 1, 33, 40, 3, 1);
    checkRounds(4, 1, 1, 2, 2, 1, 6, 5, 3, 1);
    checkRounds(2, 1, 0, 0, 1, 1, 4, 4, 2, 5);
  }

  @Test
  void stackedPhasePlanesMatchTheReferenceBitForBit() {
    // the stride-2 vector kernels stack a channel's images in each phase plane
    checkRounds(3, 2, 0, 0, 1, 1, 14, 14, 64, 1, 5);
    checkRounds(3, 2, 1, 1, 1, 1, 7, 7, 3, 9);
    checkRounds(5, 2, 2, 2, 2, 2, 13, 13, 4, 1);
    checkRounds(3, 2, 1, 0, 1, 2, 9, 11, 6, 2);
    checkRounds(4, 2, 1, 1, 2, 2, 9, 8, 3, 5);
    checkRounds(2, 2, 0, 1, 0, 1, 6, 7, 2, 3);
    checkRounds(1, 2, 0, 0, 0, 0, 6, 5, 5, 1);
  }

  @Test
  void vectorActivationAndMaskMatchThePlainLoops() {
    SplittableRandom r = new SplittableRandom(5);
    // ReLU6's ends, signed zeros, values just inside, and a length that is not whole vectors
    float[] edges = {0f, -0f, 6f, Float.MIN_VALUE, 6f - Math.ulp(6f), -1e-30f, 7f, -3f, 1e-20f};
    for (int len : new int[] {1, 15, 16, 37, 200}) {
      float[] x = new float[len];
      float[] y = new float[len];
      float[] g = new float[len];
      for (int i = 0; i < len; i++) {
        x[i] = i < edges.length ? edges[i] : (float) r.nextGaussian() * 4f;
        y[i] =
            Math.min(Math.max(i < edges.length ? edges[i] : (float) r.nextGaussian() * 4f, 0f), 6f);
        g[i] = (float) r.nextGaussian();
      }
      float bias = len == 15 ? -0f : 0.25f;
      float[] want = x.clone();
      for (int j = 0; j < len; j++) {
        want[j] = Math.min(Math.max(want[j] + bias, 0f), 6f);
      }
      float[] got = x.clone();
      DepthwiseVectors.biasRelu6(got, len, bias);
      assertBits(want, got, "bias and ReLU6, length " + len);
      float[] gWant = g.clone();
      CpuTailOps.relu6Mask(y, gWant, len);
      float[] gGot = g.clone();
      DepthwiseVectors.relu6Mask(y, gGot, len);
      assertBits(gWant, gGot, "ReLU6 mask, length " + len);
    }
  }

  @Test
  void relaxedSumsAreWithinFloatRoundingOfTheExactSums() {
    // the bf16 mode's weight and bias gradients in float vector lanes: within float rounding of
    // sums in double of double products; outputs and input gradients the same floats as fp32
    int[] differ = new int[1];
    relaxedRounds(differ, 3, 1, 1, 1, 1, 1, 14, 14, 64, 3);
    relaxedRounds(differ, 3, 1, 1, 1, 1, 1, 7, 7, 64, 1);
    relaxedRounds(differ, 3, 2, 0, 0, 1, 1, 14, 14, 64, 2);
    relaxedRounds(differ, 3, 2, 1, 1, 1, 1, 7, 7, 5, 64);
    relaxedRounds(differ, 5, 1, 2, 1, 2, 3, 9, 11, 3, 17);
    relaxedRounds(differ, 5, 2, 2, 2, 2, 2, 13, 13, 2, 9);
    relaxedRounds(differ, 1, 2, 0, 0, 0, 0, 6, 5, 3, 1);
    relaxedRounds(differ, 3, 1, 1, 1, 1, 1, 1, 1, 6, 2);
    relaxedRounds(differ, 3, 2, 1, 0, 1, 2, 9, 11, 6, 2);
    // the relaxed order is in use: some sums are not the fp32 ones
    assertTrue(differ[0] > 0, "every relaxed sum equals the fp32 one");
  }

  /**
   * Rounds of {@link #relaxedSumsAreWithinFloatRoundingOfTheExactSums} through the same instances.
   * A sum of terms {@code x_i = g·in} (each rounded once to float) in float lanes, each lane a
   * chain over at most {@code slots/lanes} vectors of the stacked planes (the padding adds exact
   * zeros), after per-element chains over the {@code n} images (stride 1), lanes added in double
   * and the result rounded to float: {@code |error| ≤ (slots/lanes + n + 16)·2⁻²⁴·Σ|x_i|}.
   */
  private static void relaxedRounds(
      int[] differ,
      int k,
      int stride,
      int pt,
      int pl,
      int pb,
      int pr,
      int h,
      int w,
      int... rounds) {
    SplittableRandom r = new SplittableRandom(13L * k + 5L * h + w + stride);
    float[] weight = new float[k * k];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) r.nextGaussian() * 0.4f;
    }
    DepthwiseSpec spec =
        new DepthwiseSpec(1, k, stride, pt, pl, pb, pr, weight, new float[1], true, "dw");
    DepthwisePlanes strict = new DepthwisePlanes(spec, h, w, true, false);
    DepthwisePlanes relaxed = new DepthwisePlanes(spec, h, w, true, true);
    DepthwisePlanes plain = new DepthwisePlanes(spec, h, w, false, true);
    int oh = spec.outHeight(h);
    int ow = spec.outWidth(w);
    int lanes = DepthwiseVectors.lanes();
    for (int n : rounds) {
      String what = "k" + k + " s" + stride + " " + h + "x" + w + " n" + n;
      float[] in = new float[n * h * w];
      for (int i = 0; i < in.length; i++) {
        in[i] = Math.min(Math.max((float) r.nextGaussian() * 3f, 0f), 6f);
      }
      float[] g = new float[n * oh * ow];
      for (int i = 0; i < g.length; i++) {
        g[i] = r.nextInt(5) == 0 ? 0f : (float) r.nextGaussian();
      }
      double[] exact = new double[k * k];
      double[] abs = new double[k * k];
      double db = 0;
      double dbAbs = 0;
      for (int img = 0; img < n; img++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double gv = g[(img * oh + oy) * ow + ox];
            db += gv;
            dbAbs += Math.abs(gv);
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int y = oy * stride + ky - pt;
                int x = ox * stride + kx - pl;
                if (y >= 0 && y < h && x >= 0 && x < w) {
                  double term = gv * in[(img * h + y) * w + x];
                  exact[ky * k + kx] += term;
                  abs[ky * k + kx] += Math.abs(term);
                }
              }
            }
          }
        }
      }
      double slots = (double) n * (oh + k) * (ow + k);
      double ulps = (slots / lanes + n + 16) * 0x1p-24;
      float[] outStrict = new float[n * oh * ow];
      float[] outRelaxed = new float[n * oh * ow];
      strict.forwardChannel(in, weight, 0, 0.1f, outStrict, n);
      relaxed.forwardChannel(in, weight, 0, 0.1f, outRelaxed, n);
      assertBits(outStrict, outRelaxed, what + " forward");
      float[] gInStrict = new float[n * h * w];
      float[] gInRelaxed = new float[n * h * w];
      float[] gInPlain = new float[n * h * w];
      float[] gWStrict = new float[k * k];
      float[] gWRelaxed = new float[k * k];
      float[] gWPlain = new float[k * k];
      float dbStrict = strict.backwardChannel(g, in, weight, 0, gInStrict, true, n, gWStrict);
      float dbRelaxed = relaxed.backwardChannel(g, in, weight, 0, gInRelaxed, true, n, gWRelaxed);
      float dbPlain = plain.backwardChannel(g, in, weight, 0, gInPlain, true, n, gWPlain);
      assertBits(gInStrict, gInRelaxed, what + " input gradient");
      // the plain loops keep the fp32 sums
      assertBits(gWStrict, gWPlain, what + " plain loops' weight gradient");
      assertEquals(dbStrict, dbPlain, 0f, what + " plain loops' bias gradient");
      assertTrue(
          Math.abs(dbRelaxed - db) <= ulps * dbAbs,
          what + " bias gradient " + dbRelaxed + ", exact " + db + ", bound " + ulps * dbAbs);
      differ[0] += dbRelaxed != dbStrict ? 1 : 0;
      for (int t = 0; t < k * k; t++) {
        assertTrue(
            Math.abs(gWRelaxed[t] - exact[t]) <= ulps * abs[t],
            what
                + " tap "
                + t
                + ": "
                + gWRelaxed[t]
                + ", exact "
                + exact[t]
                + ", bound "
                + ulps * abs[t]);
        differ[0] += gWRelaxed[t] != gWStrict[t] ? 1 : 0;
      }
    }
  }

  private static void check(
      int k, int stride, int pt, int pl, int pb, int pr, int h, int w, int n) {
    checkRounds(k, stride, pt, pl, pb, pr, h, w, n, n);
  }

  /** One round through the same instances per batch size in {@code rounds}. */
  private static void checkRounds(
      int k, int stride, int pt, int pl, int pb, int pr, int h, int w, int... rounds) {
    int channels = 3;
    SplittableRandom r = new SplittableRandom(31L * k + 7L * h + w + stride);
    float[] weight = new float[channels * k * k];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) r.nextGaussian() * 0.4f;
    }
    float[] bias = new float[channels];
    for (int i = 0; i < channels; i++) {
      bias[i] = (float) r.nextGaussian() * 0.1f;
    }
    DepthwiseSpec spec =
        new DepthwiseSpec(channels, k, stride, pt, pl, pb, pr, weight, bias, true, "dw");
    DepthwisePlanesReference ref = new DepthwisePlanesReference(spec, h, w);
    int inPx = h * w;
    int outPx = ref.outSize();
    int kk = k * k;
    for (boolean vector : new boolean[] {false, true}) {
      DepthwisePlanes now = new DepthwisePlanes(spec, h, w, vector, false);
      assertEquals(outPx, now.outSize());
      // rounds through the same instance: scratch left from earlier ones must not leak
      for (int n : rounds) {
        for (int c = 0; c < channels; c++) {
          float[] in = new float[n * inPx];
          for (int i = 0; i < in.length; i++) {
            // some exact zeros and ReLU6-clipped values, as after an activation
            in[i] = Math.min(Math.max((float) r.nextGaussian() * 3f, 0f), 6f);
          }
          float[] outRef = new float[n * outPx];
          float[] outNow = new float[n * outPx];
          for (int img = 0; img < n; img++) {
            ref.forward(in, img * inPx, weight, c * kk, bias[c], true, outRef, img * outPx);
          }
          now.forwardChannel(in, weight, c * kk, bias[c], outNow, n);
          String what = "k" + k + " s" + stride + " " + h + "x" + w + " vector=" + vector;
          assertBits(outRef, outNow, what + " forward");

          float[] g = new float[n * outPx];
          for (int i = 0; i < g.length; i++) {
            g[i] = r.nextInt(5) == 0 ? 0f : (float) r.nextGaussian();
          }
          // with the input gradient, unmasked and masked by the input's ReLU6; without it
          for (int mode = 0; mode < 3; mode++) {
            boolean withInput = mode < 2;
            boolean maskInput = mode == 1;
            double[] dW = new double[kk];
            double db = 0;
            float[] gInRef = withInput ? new float[n * inPx] : null;
            ref.startChannel();
            for (int img = 0; img < n; img++) {
              db +=
                  ref.backward(
                      g, img * outPx, in, img * inPx, weight, c * kk, dW, gInRef, img * inPx);
            }
            ref.finishChannel(dW);
            if (maskInput) {
              CpuTailOps.relu6Mask(in, gInRef, n * inPx);
            }
            float[] gWRef = new float[channels * kk];
            for (int t = 0; t < kk; t++) {
              gWRef[c * kk + t] = (float) dW[t];
            }
            float[] gWNow = new float[channels * kk];
            float[] gInNow = withInput ? new float[n * inPx] : null;
            float dbNow = now.backwardChannel(g, in, weight, c * kk, gInNow, maskInput, n, gWNow);
            assertEquals(
                Float.floatToRawIntBits((float) db),
                Float.floatToRawIntBits(dbNow),
                what + " bias gradient");
            assertBits(gWRef, gWNow, what + " weight gradient");
            if (withInput) {
              assertBits(gInRef, gInNow, what + " input gradient, masked " + maskInput);
            }
          }
        }
      }
    }
  }

  private static void assertBits(float[] want, float[] got, String what) {
    int[] a = new int[want.length];
    int[] b = new int[got.length];
    for (int i = 0; i < want.length; i++) {
      a[i] = Float.floatToRawIntBits(want[i]);
      b[i] = Float.floatToRawIntBits(got[i]);
    }
    assertArrayEquals(a, b, what + ": " + Arrays.toString(Arrays.copyOf(got, 4)));
  }
}
