package org.samplesize.train.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaProbeTest {

  @Test
  void aMissingDriverIsNamedInOneShortLine() {
    UnsatisfiedLinkError cause =
        new UnsatisfiedLinkError(
            "/root/.javacpp/cache/cuda.jar/org/bytedeco/cuda/linux-x86_64/libjnicudart.so:"
                + " libcuda.so.1: cannot open shared object file: No such file or directory");
    UnsatisfiedLinkError outer =
        new UnsatisfiedLinkError(
            "no jnicudart in java.library.path: /usr/java/packages/lib:/usr/lib64:/lib64:/lib");
    outer.initCause(cause);
    assertEquals("no NVIDIA driver (libcuda.so.1 cannot be loaded)", CudaProbe.describe(outer));
  }

  @Test
  void otherFailuresKeepTheInnermostMessageWithoutTheLibraryPath() {
    String d =
        CudaProbe.describe(
            new UnsatisfiedLinkError("no jnicudart in java.library.path: /a:/b:/c:/d:/e:/f"));
    assertEquals("no jnicudart", d);
    String longMessage = "x".repeat(500);
    String cut = CudaProbe.describe(new IllegalStateException(longMessage + "\nsecond line"));
    assertTrue(cut.length() <= 203, cut);
    assertFalse(cut.contains("second line"));
  }
}
