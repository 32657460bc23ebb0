package org.samplesize.train.cuda;

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
    assertTrue(
        src.contains("#define GOLDEN 0x" + Long.toHexString(DropoutRng.GOLDEN).toUpperCase()));
    assertTrue(src.contains("#define MIX1 0xBF58476D1CE4E5B9ULL"));
    assertTrue(src.contains("#define MIX2 0x94D049BB133111EBULL"));
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
    CudaStatus.checkCuda(0, "cudaMalloc"); // success needs no native call
  }

  @Test
  void compilerOptionsForbidContraction() {
    assertTrue(KernelModule.options(9, 0).contains("--fmad=false"));
    assertTrue(KernelModule.options(9, 0).contains("--gpu-architecture=sm_90"));
  }
}
