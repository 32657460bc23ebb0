package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache folders a session writes while it is made, which are locked meanwhile. */
class ProvidersTest {
  @TempDir Path tmp;

  @Test
  void tensorRtWritesItsEngineAndTimingCachesIntoTheCache() {
    Path cache = tmp.resolve("cache");
    assertEquals(
        List.of(
            cache.resolve("tensorrt/engines").toAbsolutePath(),
            cache.resolve("tensorrt/timing").toAbsolutePath()),
        Providers.writtenCaches(ExecutionProfile.load("tensorrt"), cache));
  }

  @Test
  void cpuAndCudaWriteNothingIntoTheCache() {
    assertEquals(List.of(), Providers.writtenCaches(ExecutionProfile.load("cpu"), tmp));
    assertEquals(List.of(), Providers.writtenCaches(ExecutionProfile.load("cuda"), tmp));
  }

  /**
   * An int8 graph's session asks for exact int8 products wherever this CPU's kernels would clamp,
   * and a float graph's never: checked on any CPU (with VNNI the entry is left out), where only an
   * AVX2 CPU makes the features differ ({@link SharedModelsTest#int8AndFloat32FeaturesAgree()}).
   */
  @Test
  void anInt8SessionAsksForExactProductsWhereTheCpuWouldClamp() throws Exception {
    ExecutionProfile cpu = ExecutionProfile.load("cpu");
    long[] shape = {1, 3, 224, 224};
    try (ai.onnxruntime.OrtSession.SessionOptions int8 =
            Providers.options(cpu, 1, tmp, "input", shape, true, true);
        ai.onnxruntime.OrtSession.SessionOptions fp32 =
            Providers.options(cpu, 1, tmp, "input", shape, false, false)) {
      assertEquals(
          Int8Products.clampsHere() ? "1" : null,
          int8.getConfigEntries().get(Int8Products.CONFIG_KEY));
      assertEquals(null, fp32.getConfigEntries().get(Int8Products.CONFIG_KEY));
    }
  }
}
