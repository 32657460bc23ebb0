package org.samplesize.train.cpu.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samplesize.train.Precision;
import org.samplesize.train.cpu.onednn.OneDnn;
import org.samplesize.train.tail.ReferenceTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/** The tail with bf16 products: close to the reference by bf16 rounding, and it trains as fp32. */
class CpuTailNetworkBf16Test {

  @BeforeEach
  void needsBf16() {
    String why = OneDnn.bf16UnavailableReason();
    assumeTrue(why == null, "bf16 products not available here: " + why);
  }

  @Test
  void featuresAndGradientsAreWithinBf16RoundingOfTheReference() {
    TailSpec spec = TinyTails.medium(71);
    int k = 4;
    int n = 5;
    TailParameters p = TinyTails.parameters(spec, k, 72);
    float[] x = TinyTails.input(n, spec.inputSize(), 73);
    int[] y = TinyTails.labels(n, k, 74);
    try (ReferenceTailNetwork ref = new ReferenceTailNetwork(spec, k, n, TailAdam.recipe());
        CpuTailNetwork bf16 =
            new CpuTailNetwork(spec, k, n, 2, TailAdam.recipe(), Precision.BF16)) {
      // journaled as the model's backend: how a resumed run tells which arithmetic it ran in
      assertEquals(Precision.BF16, Precision.ofBackend(bf16.name()), bf16.name());
      ref.setParameters(p);
      bf16.setParameters(p);
      float[] fr = new float[n * spec.featureDim()];
      float[] fb = new float[n * spec.featureDim()];
      ref.features(x, n, fr);
      bf16.features(x, n, fb);
      double d = CpuTailNetworkTest.maxRelDiff(fb, fr);
      // a few chained products, each within ~2·2⁻⁸ relative: a few percent of the largest value
      assertTrue(d < 3e-2, "features differ by " + d);
      // fp32 is within 1e-5 (CpuTailNetworkTest): more than that shows bf16 ran
      assertTrue(d > 1e-4, "features differ by only " + d + ": bf16 did not run");
      TailParameters gr = TailParameters.zerosLike(p);
      TailParameters gb = TailParameters.zerosLike(p);
      ref.gradients(x, y, n, null, gr);
      bf16.gradients(x, y, n, null, gb);
      for (int t = 0; t < gr.size(); t++) {
        double dg = CpuTailNetworkTest.maxRelDiff(gb.tensor(t), gr.tensor(t));
        assertTrue(dg < 0.1, gr.name(t) + ": gradients differ by " + dg + " (relative to max)");
      }
    }
  }

  @Test
  void gradientsAreTheSameWhateverTheThreadCount() {
    // the depthwise weight and bias gradients are summed in float vector lanes in bf16 mode: a
    // fixed order per channel, and threads split channels
    TailSpec spec = TinyTails.medium(81);
    int k = 3;
    int n = 7;
    TailParameters p = TinyTails.parameters(spec, k, 82);
    float[] x = TinyTails.input(n, spec.inputSize(), 83);
    int[] y = TinyTails.labels(n, k, 84);
    TailParameters[] grads = new TailParameters[2];
    for (int threads = 1; threads <= 2; threads++) {
      try (CpuTailNetwork net =
          new CpuTailNetwork(spec, k, n, threads, TailAdam.recipe(), Precision.BF16)) {
        net.setParameters(p);
        grads[threads - 1] = TailParameters.zerosLike(p);
        net.gradients(x, y, n, null, grads[threads - 1]);
      }
    }
    for (int t = 0; t < p.size(); t++) {
      assertArrayEquals(grads[0].tensor(t), grads[1].tensor(t), p.name(t) + ": 1 thread against 2");
    }
  }

  @Test
  void trainsLikeFp32OnOneBatch() {
    TailSpec spec = TinyTails.medium(44);
    int n = 8;
    int k = 3;
    float[] x = TinyTails.input(n, spec.inputSize(), 45);
    int[] y = TinyTails.labels(n, k, 46);
    double[] last = new double[2];
    double first = 0;
    for (Precision precision : Precision.values()) {
      try (CpuTailNetwork net =
          new CpuTailNetwork(spec, k, n, 2, new TailAdam(1e-2, 0.9, 0.999, 1e-7), precision)) {
        net.setParameters(TinyTails.parameters(spec, k, 47));
        first = net.trainStep(x, y, n, null);
        double loss = first;
        for (int i = 0; i < 30; i++) {
          loss = net.trainStep(x, y, n, null);
        }
        last[precision.ordinal()] = loss;
      }
    }
    assertTrue(last[1] < 0.5 * first, "bf16 loss " + first + " → " + last[1]);
    assertTrue(
        Math.abs(last[1] - last[0]) < 0.1 * first,
        "after 30 steps fp32 reaches " + last[0] + ", bf16 " + last[1] + " (from " + first + ")");
  }
}
