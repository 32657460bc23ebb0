package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.train.Precision;

class FineTunePrecisionTest {
  private static final String BF16 = "cpu (2 threads, bf16 products: oneDNN 3.7.1)";
  private static final String FP32 = "cpu (2 threads, OpenBLAS)";

  private static ModelRecord model(String id, String curve, String backend) {
    return new ModelRecord(
        id,
        curve,
        0.1,
        0,
        33,
        7L,
        "abc",
        0.8,
        0.9,
        0.91,
        0.8,
        0.5,
        List.of(0.7, 0.9),
        60,
        12,
        9,
        120,
        backend,
        "CPUExecutionProvider",
        "2026-12-05T09:00:00Z",
        null,
        null,
        null);
  }

  @Test
  void fineTunedModelsOfBothArithmeticsAreCountedInOneWarning() {
    List<String> w =
        FineTunePrecision.warnings(
            List.of(
                model("head/f0.1/r0", "head", "cpu (2 threads, OpenBLAS)"),
                model("fine-tune/f0.1/r0", "fine-tune", BF16),
                model("fine-tune/f0.1/r1", "fine-tune", BF16),
                model("fine-tune/f0.2/r0", "fine-tune", FP32)));
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .startsWith(
                "fine-tuning: 2 of the 3 fine-tuned models ran with bf16 products and 1"
                    + " in fp32"),
        w.get(0));
    assertTrue(w.get(0).contains("new --out"), w.get(0));
  }

  @Test
  void oneArithmeticIsNoWarning() {
    assertEquals(
        List.of(),
        FineTunePrecision.warnings(
            List.of(
                model("fine-tune/f0.1/r0", "fine-tune", BF16),
                model("fine-tune/f0.2/r0", "fine-tune", BF16))));
    assertEquals(
        List.of(),
        FineTunePrecision.warnings(
            List.of(
                model("head/f0.1/r0", "head", BF16), // heads are not fine-tuned models
                model("fine-tune/f0.2/r0", "fine-tune", FP32))));
    assertEquals(List.of(), FineTunePrecision.warnings(List.of()));
  }

  @Test
  void theCpuTailNamesItsBf16Products() {
    assertEquals(Precision.BF16, Precision.ofBackend(BF16));
    assertEquals(Precision.FP32, Precision.ofBackend(FP32));
    assertEquals(Precision.FP32, Precision.ofBackend("cuda (H100, cuBLAS + NVRTC)"));
    assertEquals(Precision.FP32, Precision.ofBackend(null));
  }
}
