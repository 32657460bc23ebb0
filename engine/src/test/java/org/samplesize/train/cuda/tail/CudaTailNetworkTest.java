package org.samplesize.train.cuda.tail;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.cuda.CudaProbe;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/** CUDA tail against the CPU tail: same batch, same dropout, one Adam step. Needs a GPU. */
@Tag("gpu")
class CudaTailNetworkTest {

  static void compare(TailSpec spec, int n) {
    CudaProbe.Result probe = CudaProbe.probe();
    assumeTrue(probe.available(), "skipped: no CUDA GPU (" + probe.reason() + ")");
    int k = 5;
    TailParameters p = TinyTails.parameters(spec, k, 61);
    float[] x = TinyTails.input(n, spec.inputSize(), 62);
    int[] y = TinyTails.labels(n, k, 63);
    float[] mask = TinyTails.dropout(n, spec.featureDim(), 0.3, 64);
    try (CpuTailNetwork cpu = new CpuTailNetwork(spec, k, n, 2, TailAdam.recipe());
        CudaTailNetwork gpu = new CudaTailNetwork(spec, k, n, 0, TailAdam.recipe())) {
      cpu.setParameters(p);
      gpu.setParameters(p);
      float[] fc = new float[n * spec.featureDim()];
      float[] fg = new float[n * spec.featureDim()];
      cpu.features(x, n, fc);
      gpu.features(x, n, fg);
      double df = 0;
      for (int i = 0; i < fc.length; i++) {
        df = Math.max(df, Math.abs(fc[i] - fg[i]));
      }
      assertTrue(df < 1e-3, "pooled features differ by " + df);
      TailParameters gc = TailParameters.zerosLike(p);
      TailParameters gg = TailParameters.zerosLike(p);
      cpu.gradients(x, y, n, mask, gc);
      gpu.gradients(x, y, n, mask, gg);
      assertTrue(gc.maxAbsDifference(gg) < 1e-3, "gradients differ by " + gc.maxAbsDifference(gg));
      cpu.trainStep(x, y, n, mask);
      gpu.trainStep(x, y, n, mask);
      TailParameters ac = TailParameters.zerosLike(p);
      TailParameters ag = TailParameters.zerosLike(p);
      cpu.getParameters(ac);
      gpu.getParameters(ag);
      assertTrue(ac.maxAbsDifference(p) > 1e-6, "no step was taken");
      assertTrue(
          ac.maxAbsDifference(ag) < 1e-3,
          "after one step CPU and GPU differ by " + ac.maxAbsDifference(ag));
    }
  }

  @Test
  void tinyTailAgreesWithCpuAfterOneStep() {
    compare(TinyTails.spec(71), 4);
  }

  @Test
  void mediumTailAgreesWithCpuAfterOneStep() {
    compare(TinyTails.medium(72), 16);
  }
}
