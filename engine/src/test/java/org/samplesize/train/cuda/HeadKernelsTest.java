package org.samplesize.train.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samplesize.train.DropoutRng;

/** The CPU-visible parts of the CUDA backend: generated source, launch geometry, status names. */
class HeadKernelsTest {

  @Test
  void sourceBakesInShapeAndGeneratorConstants() {
    String src = HeadKernels.source(1280, 5, 64);
    assertTrue(src.contains("#define D 1280\n"));
    assertTrue(src.contains("#define K 5\n"));
    assertTrue(src.contains("#define B 64\n"));
    assertTrue(src.contains("#define DRAWS 320LL\n"));
    // the generator constants the C code uses are DropoutRng's, each in its own slot: a C mix64
    // built from the defines in the source draws what DropoutRng draws
    long golden = define(src, "GOLDEN");
    long mix1 = define(src, "MIX1");
    long mix2 = define(src, "MIX2");
    for (long key : new long[] {0L, 42L, -7L, Long.MAX_VALUE}) {
      for (long counter = 0; counter < 50; counter++) {
        long z = key + (counter + 1) * golden;
        z = (z ^ (z >>> 30)) * mix1;
        z = (z ^ (z >>> 27)) * mix2;
        assertEquals(DropoutRng.bits(key, counter), z ^ (z >>> 31), "key " + key + " @" + counter);
      }
    }
    for (String k : HeadKernels.NAMES) {
      assertTrue(src.contains("extern \"C\" __global__ void " + k + "("), k);
    }
    assertTrue(HeadKernels.source(7, 2, 3).contains("#define DRAWS 2LL"));
    assertThrows(IllegalArgumentException.class, () -> HeadKernels.source(10, 1, 64));
  }

  @Test
  void launchGeometryCoversEveryThreadOnce() {
    assertEquals(1, HeadKernels.blocks(0, 256));
    assertEquals(1, HeadKernels.blocks(256, 256));
    assertEquals(2, HeadKernels.blocks(257, 256));
    // recipe plan, 1000 models: 1000 * 64 * 320 draw-threads
    long threads = HeadKernels.dropoutThreads(1000, 64, 1280);
    assertEquals(20_480_000L, threads);
    assertEquals(80_000, HeadKernels.blocks(threads, HeadKernels.BLOCK));
    assertEquals(1000L * (5 * 1280 + 5), HeadKernels.adamThreads(1000, 5, 1280));
    assertThrows(IllegalArgumentException.class, () -> HeadKernels.blocks(1L << 40, 1));
  }

  @Test
  void statusHelperKnowsEachLibrary() {
    assertEquals(CudaStatus.Library.RUNTIME, CudaStatus.libraryOf("cudaMalloc"));
    assertEquals(CudaStatus.Library.DRIVER, CudaStatus.libraryOf("cuLaunchKernel"));
    assertEquals(CudaStatus.Library.CUBLAS, CudaStatus.libraryOf("cublasSgemmStridedBatched"));
    assertEquals(CudaStatus.Library.NVRTC, CudaStatus.libraryOf("nvrtcCompileProgram"));
    assertThrows(IllegalArgumentException.class, () -> CudaStatus.libraryOf("malloc"));
    // success returns without touching the native libraries (none load on this machine)
    assertDoesNotThrow(() -> CudaStatus.checkCuda(0, "cudaMalloc"));
    assertDoesNotThrow(() -> CudaStatus.checkCuda(0, "cublasCreate_v2"));
  }

  /** The value of {@code #define NAME 0x...ULL} in CUDA source. */
  private static long define(String src, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("#define " + name + " 0x([0-9A-F]{1,16})ULL\n")
            .matcher(src);
    assertTrue(m.find(), name + " is not defined as a 64-bit hex constant");
    return Long.parseUnsignedLong(m.group(1), 16);
  }

  @Test
  void compilerOptionsForbidContraction() {
    assertTrue(KernelModule.options(9, 0).contains("--fmad=false"));
    assertTrue(KernelModule.options(9, 0).contains("--gpu-architecture=sm_90"));
  }
}
