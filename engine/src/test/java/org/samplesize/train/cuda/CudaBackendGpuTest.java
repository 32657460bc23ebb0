package org.samplesize.train.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.samplesize.bench.HeadBenchmark;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.HeadStack;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.cpu.CpuBackend;

/** The CUDA backend against the CPU backend; runs only where a CUDA GPU is usable. */
@Tag("gpu")
class CudaBackendGpuTest {

  static boolean gpuAvailable() {
    return TrainingDevices.isAvailable("cuda");
  }

  private static void assertSameTraining(List<HeadResult> cpu, List<HeadResult> gpu) {
    assertEquals(cpu.size(), gpu.size());
    double worst = 0;
    for (int m = 0; m < cpu.size(); m++) {
      HeadResult c = cpu.get(m);
      HeadResult g = gpu.get(m);
      assertEquals(c.epochsRun(), g.epochsRun(), "epochs of " + c.job().id());
      assertEquals(c.bestEpoch(), g.bestEpoch(), "best epoch of " + c.job().id());
      for (int i = 0; i < c.weights().length; i++) {
        worst = Math.max(worst, Math.abs(c.weights()[i] - g.weights()[i]));
      }
      for (int i = 0; i < c.bias().length; i++) {
        worst = Math.max(worst, Math.abs(c.bias()[i] - g.bias()[i]));
      }
      assertEquals(c.bestValAuc(), g.bestValAuc(), 1e-4, "val auc of " + c.job().id());
      assertEquals(c.test().accuracy(), g.test().accuracy(), 1e-2, "accuracy of " + c.job().id());
      assertEquals(c.test().kerasAuc(), g.test().kerasAuc(), 1e-4, "keras auc of " + c.job().id());
      assertEquals(c.test().loss(), g.test().loss(), 1e-4, "loss of " + c.job().id());
    }
    assertTrue(worst <= 1e-4, "largest weight difference CPU vs CUDA: " + worst);
  }

  @Test
  void matchesCpuOnTheRecipePlan() {
    assumeTrue(gpuAvailable(), "skipped: no usable CUDA GPU");
    HeadBenchmark.Plan plan = HeadBenchmark.recipePlan(20, 7);
    HeadOptions o = HeadOptions.recipe().withThreads(4);
    List<HeadResult> cpu;
    List<HeadResult> gpu;
    try (Backend c = new CpuBackend(4)) {
      cpu = HeadBenchmark.run(plan, o, c);
    }
    try (Backend g = TrainingDevices.select("cuda", "training heads", null).openHeads(1)) {
      assertTrue(g.name().startsWith("cuda:0 "), g.name());
      gpu = HeadBenchmark.run(plan, o, g);
      assertEquals(g.name(), gpu.get(0).backend());
    }
    assertSameTraining(cpu, gpu);
  }

  @Test
  void matchesCpuWithoutDropoutAndOddShapes() {
    assumeTrue(gpuAvailable(), "skipped: no usable CUDA GPU");
    HeadBenchmark.Plan plan = HeadBenchmark.plan(500, 77, 37, 3, 9, 3);
    HeadOptions o = HeadOptions.recipe().withDropout(0).withBatchSize(10).withEpochs(5);
    List<HeadResult> cpu;
    List<HeadResult> gpu;
    try (Backend c = new CpuBackend(2)) {
      cpu = HeadBenchmark.run(plan, o, c);
    }
    try (Backend g = new CudaBackend(0)) {
      gpu = HeadBenchmark.run(plan, o, g);
    }
    assertSameTraining(cpu, gpu);
  }

  @Test
  void closedStackRefusesWork() {
    assumeTrue(gpuAvailable(), "skipped: no usable CUDA GPU");
    HeadBenchmark.Plan plan = HeadBenchmark.plan(100, 10, 16, 2, 1, 1);
    try (Backend g = new CudaBackend(0)) {
      HeadStack s = g.openStack(plan.features(), plan.labels(), 2, 2, HeadOptions.recipe());
      assertThrows(IllegalStateException.class, () -> s.restoreBest(0));
      s.close();
      s.close();
      assertThrows(IllegalStateException.class, () -> s.saveBest(0));
      g.close();
      assertThrows(
          IllegalStateException.class,
          () -> g.openStack(plan.features(), plan.labels(), 2, 1, HeadOptions.recipe()));
    }
  }
}
