package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.samplesize.ProgressListener;

/**
 * GPU execution providers give the CPU's numbers (needs -Pgpu and a CUDA machine; else skipped).
 */
@Tag("gpu")
class GpuProvidersTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"cuda", "tensorrt"})
  void gpuProviderMatchesCpu(String ep) throws Exception {
    ExecutionProfile profile = ExecutionProfile.load(ep);
    String why = Providers.unusableReason(profile.provider());
    assumeTrue(why == null, "skipped: " + why);
    Path model = TinyModels.write(tmp);
    ModelCard card = TinyModels.card(model);
    FloatBuffer in = FeatureExtractorTest.randomBatch(8, 3);
    float[] cpu;
    try (FeatureExtractor fe =
        FeatureExtractor.open(
            card, model, "feat", ExecutionProfile.load("cpu"), 1, tmp, ProgressListener.NONE)) {
      cpu = fe.run(in, 8);
    }
    try (FeatureExtractor fe =
        FeatureExtractor.open(card, model, "feat", profile, 1, tmp, ProgressListener.NONE)) {
      assertEquals(ep, fe.providerUsed());
      assertArrayEquals(cpu, fe.run(in, 8), ep.equals("tensorrt") ? 2e-3f : 1e-5f);
    }
  }

  /**
   * Two sessions made at once on one fresh cache: TensorRT writes its engine there while the first
   * is made, and the second must not read it half-written ({@link Providers#writtenCaches}).
   */
  @org.junit.jupiter.api.Test
  void twoTensorRtSessionsAtOnceOnOneFreshCacheAgree() throws Exception {
    ExecutionProfile profile = ExecutionProfile.load("tensorrt");
    String why = Providers.unusableReason(profile.provider());
    assumeTrue(why == null, "skipped: " + why);
    Path model = TinyModels.write(tmp);
    ModelCard card = TinyModels.card(model);
    Path cache = tmp.resolve("shared-cache");
    FloatBuffer in = FeatureExtractorTest.randomBatch(8, 3);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.List<java.util.concurrent.Future<float[]>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 2; t++) {
        runs.add(
            pool.submit(
                () -> {
                  try (FeatureExtractor fe =
                      FeatureExtractor.open(
                          card, model, "feat", profile, 1, cache, ProgressListener.NONE)) {
                    return fe.run(in.duplicate(), 8);
                  }
                }));
      }
      assertArrayEquals(runs.get(0).get(), runs.get(1).get(), 0f);
    } finally {
      pool.shutdownNow();
    }
  }
}
