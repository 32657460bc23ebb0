package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SharedData;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImageRequest;

/**
 * Which CPUs get ONNX Runtime's exact int8 kernels, and which models are int8. The features
 * themselves are checked against the float32 backbone in {@link
 * SharedModelsTest#int8AndFloat32FeaturesAgree()}, which fails on a CPU without VNNI when the
 * kernels clamp.
 */
class Int8ProductsTest {
  @TempDir Path cache;
  private static final String AVX2 =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
          + "flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2\n\n"
          + "processor\t: 1\nflags\t\t: fpu vme sse sse2 avx avx2\n";

  @Test
  void anX86CpuWithoutVnniClampsAndOneWithItDoesNot() {
    assertTrue(Int8Products.clamps("amd64", AVX2));
    assertTrue(Int8Products.clamps("x86_64", AVX2));
    assertFalse(
        Int8Products.clamps("amd64", AVX2.replace("avx2 bmi2", "avx2 avx512f avx512_vnni")));
    assertFalse(Int8Products.clamps("amd64", AVX2.replace("avx2 bmi2", "avx2 avx_vnni")));
    // A flag that only contains the word is not the instruction.
    assertTrue(Int8Products.clamps("amd64", AVX2.replace("bmi2", "avx512_vnnix")));
  }

  @Test
  void unknownX86CpusGetTheExactKernelsAndArmNeverNeedsThem() {
    // No /proc/cpuinfo (another operating system): the slower, exact kernels.
    assertTrue(Int8Products.clamps("amd64", null));
    assertTrue(Int8Products.clamps("amd64", "processor\t: 0\n"));
    assertFalse(Int8Products.clamps("aarch64", null));
    assertFalse(Int8Products.clamps("aarch64", AVX2));
  }

  @Test
  void theDefaultBackboneIsInt8AndItsFloatConversionIsNot() {
    assertTrue(Int8Products.quantized(SharedData.model("mobilenetv2-12-int8.onnx")));
    assertFalse(Int8Products.quantized(SharedData.model("mobilenetv2-12-fp32-dequant.onnx")));
  }

  /**
   * Features an earlier build computed with the int8 backbone may have been clamped (on a CPU
   * without VNNI): its cache key now records the numbers' version, so they are computed again; a
   * float backbone's key is as it was.
   */
  @Test
  void anInt8BackbonesCacheKeyRecordsItsNumbersVersionAndAFloatOnesDoesNot() {
    assertTrue(
        key("mobilenetv2-12-int8").path("int8NumbersVersion").asInt()
            == Int8Products.NUMBERS_VERSION);
    assertTrue(key("mobilenetv2-12-fp32-dequant").path("int8NumbersVersion").isMissingNode());
  }

  private com.fasterxml.jackson.databind.JsonNode key(String cardName) {
    ModelCard card = ModelCard.load(cardName);
    FeatureRequest req =
        new FeatureRequest(
            List.of(new ImageRequest(Path.of("a.jpg"), 0, 0, false)),
            card,
            card.featureTensor(),
            Augmentation.none(),
            1,
            Dtype.FLOAT32);
    return FeatureCache.key(req, SharedData.model(card.file()), cache, ProgressListener.NONE);
  }
}
