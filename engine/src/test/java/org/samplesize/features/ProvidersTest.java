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
}
