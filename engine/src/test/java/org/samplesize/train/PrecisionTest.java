package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionTest {

  @Test
  void parsesTheFlagValues() {
    assertEquals(Precision.FP32, Precision.parse("fp32"));
    assertEquals(Precision.BF16, Precision.parse(" BF16 "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
    assertTrue(e.getMessage().contains("'fp16'") && e.getMessage().contains("bf16"));
  }

  @Test
  void aDeviceWithoutBf16SaysSoOnceAndRunsFp32() {
    List<String> notes = new ArrayList<>();
    Precision p =
        Precision.effective(
            Precision.BF16, () -> "this CPU has no AVX512-BF16 instructions", notes::add);
    assertEquals(Precision.FP32, p);
    assertEquals(
        List.of(
            "precision bf16: this CPU has no AVX512-BF16 instructions; fine-tuning runs in fp32"),
        notes);
  }

  @Test
  void aDeviceWithBf16RunsIt() {
    List<String> notes = new ArrayList<>();
    assertEquals(Precision.BF16, Precision.effective(Precision.BF16, () -> null, notes::add));
    assertTrue(notes.isEmpty());
  }

  @Test
  void fp32NeverAsksTheDevice() {
    List<String> notes = new ArrayList<>();
    Precision p =
        Precision.effective(
            Precision.FP32,
            () -> {
              throw new AssertionError("fp32 must not probe for bf16");
            },
            notes::add);
    assertEquals(Precision.FP32, p);
    assertTrue(notes.isEmpty());
  }
}
