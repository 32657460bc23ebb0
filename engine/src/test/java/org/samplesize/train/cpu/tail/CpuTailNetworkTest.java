package org.samplesize.train.cpu.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samplesize.train.tail.ReferenceTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/** The OpenBLAS tail against the double-precision reference: outputs, gradients, Adam steps. */
class CpuTailNetworkTest {

  static double maxRelDiff(float[] a, float[] b) {
    double scale = 0;
    for (float v : b) {
      scale = Math.max(scale, Math.abs(v));
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m / Math.max(scale, 1e-12);
  }

  static void compare(TailSpec spec, int maxBatch, int n, int threads) {
    int k = 4;
    TailParameters p = TinyTails.parameters(spec, k, 31);
    float[] x = TinyTails.input(n, spec.inputSize(), 32);
    int[] y = TinyTails.labels(n, k, 33);
    float[] mask = TinyTails.dropout(n, spec.featureDim(), 0.3, 34);
    try (ReferenceTailNetwork ref = new ReferenceTailNetwork(spec, k, maxBatch, TailAdam.recipe());
        CpuTailNetwork cpu = new CpuTailNetwork(spec, k, maxBatch, threads, TailAdam.recipe())) {
      ref.setParameters(p);
      cpu.setParameters(p);
      float[] fr = new float[n * spec.featureDim()];
      float[] fc = new float[n * spec.featureDim()];
      ref.features(x, n, fr);
      cpu.features(x, n, fc);
      assertTrue(maxRelDiff(fc, fr) < 1e-5, "features differ: " + maxRelDiff(fc, fr));
      float[] pr = new float[n * k];
      float[] pc = new float[n * k];
      ref.predict(x, n, pr);
      cpu.predict(x, n, pc);
      assertTrue(maxRelDiff(pc, pr) < 1e-5, "probabilities differ: " + maxRelDiff(pc, pr));

      TailParameters gr = TailParameters.zerosLike(p);
      TailParameters gc = TailParameters.zerosLike(p);
      double lr = ref.gradients(x, y, n, mask, gr);
      double lc = cpu.gradients(x, y, n, mask, gc);
      assertEquals(lr, lc, 1e-5 * Math.max(1, Math.abs(lr)));
      for (int t = 0; t < gr.size(); t++) {
        double d = maxRelDiff(gc.tensor(t), gr.tensor(t));
        assertTrue(d < 2e-4, gr.name(t) + ": gradients differ by " + d + " (relative to max)");
      }

      for (int step = 0; step < 3; step++) {
        ref.trainStep(x, y, n, mask);
        cpu.trainStep(x, y, n, mask);
      }
      TailParameters after = TailParameters.zerosLike(p);
      TailParameters afterRef = TailParameters.zerosLike(p);
      cpu.getParameters(after);
      ref.getParameters(afterRef);
      // each Adam step moves a weight by at most ~lr = 1e-4
      assertTrue(after.maxAbsDifference(p) > 1e-5, "parameters did not move");
      assertTrue(
          after.maxAbsDifference(afterRef) < 1e-5,
          "after 3 steps CPU and reference differ by " + after.maxAbsDifference(afterRef));
    }
  }

  @Test
  void tinyTailMatchesReferenceOnAFullBatch() {
    compare(TinyTails.spec(41), 3, 3, 2);
  }

  @Test
  void mediumTailMatchesReferenceOnAPartialBatchWithOneThread() {
    compare(TinyTails.medium(42), 6, 4, 1);
  }

  @Test
  void mediumTailMatchesReferenceWithThreeThreads() {
    compare(TinyTails.medium(43), 5, 5, 3);
  }

  @Test
  void lossFallsWhenTrainingOnOneBatch() {
    TailSpec spec = TinyTails.medium(44);
    int n = 8;
    int k = 3;
    float[] x = TinyTails.input(n, spec.inputSize(), 45);
    int[] y = TinyTails.labels(n, k, 46);
    try (CpuTailNetwork cpu =
        new CpuTailNetwork(spec, k, n, 2, new TailAdam(1e-2, 0.9, 0.999, 1e-7))) {
      cpu.setParameters(TinyTails.parameters(spec, k, 47));
      double first = cpu.trainStep(x, y, n, null);
      double loss = first;
      for (int i = 0; i < 30; i++) {
        loss = cpu.trainStep(x, y, n, null);
      }
      assertTrue(loss < 0.5 * first, "loss " + first + " → " + loss);
    }
  }

  @Test
  void namesItsThreadCountAsTheHeadBackendDoes() {
    // journaled as a fine-tune row's backend, beside the head rows' "cpu (1 thread, OpenBLAS)"
    TailSpec spec = TinyTails.spec(49);
    try (CpuTailNetwork one = new CpuTailNetwork(spec, 3, 2, 1, TailAdam.recipe());
        CpuTailNetwork two = new CpuTailNetwork(spec, 3, 2, 2, TailAdam.recipe())) {
      assertEquals("cpu (1 thread, OpenBLAS)", one.name());
      assertEquals("cpu (2 threads, OpenBLAS)", two.name());
    }
  }

  @Test
  void rejectsBadCallsAndUseAfterClose() {
    TailSpec spec = TinyTails.spec(48);
    CpuTailNetwork cpu = new CpuTailNetwork(spec, 3, 2, 1, TailAdam.recipe());
    float[] x = new float[2 * spec.inputSize()];
    assertThrows(IllegalStateException.class, () -> cpu.predict(x, 2, new float[6]));
    cpu.setParameters(TinyTails.parameters(spec, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> cpu.predict(x, 3, new float[9]));
    assertThrows(IllegalArgumentException.class, () -> cpu.trainStep(x, new int[] {0, 5}, 2, null));
    cpu.close();
    cpu.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> cpu.predict(x, 2, new float[6]));
    assertTrue(e.getMessage().contains("CpuTailNetwork"));
  }
}
