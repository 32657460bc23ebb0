package org.samplesize.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samplesize.UnavailableException;
import org.samplesize.train.Precision;
import org.samplesize.train.cuda.CudaTrainingBackend;
import org.samplesize.train.tail.TailNetwork;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TinyTails;

/** The precision a backend can run, with the CPU's bf16 probe stood in for. */
class CpuTrainingBackendTest {

  @Test
  void aCpuWithoutBf16SaysWhyAndRefusesABf16Tail() {
    CpuTrainingBackend cpu =
        new CpuTrainingBackend(() -> "this CPU has no AVX512-BF16 instructions");
    assertEquals("this CPU has no AVX512-BF16 instructions", cpu.bf16UnavailableReason());
    TailSpec spec = TinyTails.spec(61);
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                cpu.openTail(
                    0,
                    spec,
                    3,
                    2,
                    TailOptions.recipe().withThreads(1).withPrecision(Precision.BF16)));
    assertTrue(e.getMessage().contains("AVX512-BF16"), e.getMessage());
    // fp32 still opens
    try (TailNetwork net = cpu.openTail(0, spec, 3, 2, TailOptions.recipe().withThreads(1))) {
      assertTrue(net.name().contains("OpenBLAS"), net.name());
    }
  }

  @Test
  void aCpuWithBf16OpensABf16Tail() {
    CpuTrainingBackend cpu = new CpuTrainingBackend();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        cpu.bf16UnavailableReason() == null, "no bf16 here: " + cpu.bf16UnavailableReason());
    try (TailNetwork net =
        cpu.openTail(
            0,
            TinyTails.spec(62),
            3,
            2,
            TailOptions.recipe().withThreads(1).withPrecision(Precision.BF16))) {
      assertTrue(net.name().contains("bf16 products: oneDNN"), net.name());
    }
  }

  @Test
  void cudaRefusesBf16BeforeTouchingADevice() {
    CudaTrainingBackend cuda = new CudaTrainingBackend();
    assertTrue(cuda.bf16UnavailableReason() != null);
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () ->
                cuda.openTail(
                    0,
                    TinyTails.spec(63),
                    3,
                    2,
                    TailOptions.recipe().withPrecision(Precision.BF16)));
    assertTrue(e.getMessage().contains("CPU only"), e.getMessage());
  }
}
