package org.samplesize.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine facts read from a cpuinfo flags line and the parent POM's version properties. */
class MachineFactsTest {

  @Test
  void machineFactsNameTheVectorUnitsAndTheLibraryVersions() {
    assertEquals(
        List.of("AVX2", "AVX-512", "AVX-512 VNNI", "AVX-512 BF16"),
        MachineFacts.vectorFlags("fpu sse avx2 avx512f avx512_bf16 avx512_vnni"));
    assertEquals(List.of(), MachineFacts.vectorFlags("fpu sse"));
    JsonNode v =
        MachineFacts.pomVersions(
            "<onnxruntime.version>1.29.0</onnxruntime.version>\n<javacpp.version>1.5.13</javacpp.version>"
                + "<opencv.version>4.13.0-${javacpp.version}</opencv.version>");
    assertEquals("1.29.0", v.path("ONNX Runtime").asText());
    assertEquals("4.13.0-1.5.13", v.path("OpenCV").asText());
    assertTrue(v.path("OpenBLAS").isMissingNode());
  }
}
