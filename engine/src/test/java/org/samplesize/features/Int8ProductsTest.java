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
   * ONNX Runtime rewrites the int8 weights of every operator whose x86 kernels clamp (its
   * Avx2WeightS8ToU8Transformer: QLinearConv, QLinearMatMul, MatMulInteger, QGemm, QAttention,
   * DynamicQuantizeMatMul, MatMulIntegerToFloat, DynamicQuantizeLSTM). A graph holding only the
   * com.microsoft ones (a dynamically quantized model as ONNX Runtime saves it optimized) was taken
   * for a float one: no session entry, its products clamped on a CPU without VNNI.
   */
  @Test
  void everyOperatorWhoseKernelsClampMakesAGraphInt8() {
    for (String op :
        List.of(
            "QGemm",
            "QAttention",
            "DynamicQuantizeMatMul",
            "MatMulIntegerToFloat",
            "DynamicQuantizeLSTM",
            "QLinearMatMul",
            "MatMulInteger",
            "QLinearConv")) {
      assertTrue(Int8Products.quantized(graph(op)), op);
    }
    assertFalse(Int8Products.quantized(graph("Gemm")));
    assertFalse(Int8Products.quantized(graph("MatMul")));
    // TensorRT's int8 mode stays for quantize/dequantize nodes, as docs/backends.md says.
    assertTrue(Int8Products.quantizeNodes(graph("QuantizeLinear")));
    assertTrue(Int8Products.quantizeNodes(graph("QLinearConv")));
    assertFalse(Int8Products.quantizeNodes(graph("DynamicQuantizeMatMul")));
    assertFalse(Int8Products.quantizeNodes(graph("MatMulInteger")));
  }

  private static OnnxGraph graph(String op) {
    ai.onnx.proto.OnnxMl.GraphProto.Builder g =
        ai.onnx.proto.OnnxMl.GraphProto.newBuilder()
            .setName("g")
            .addNode(
                ai.onnx.proto.OnnxMl.NodeProto.newBuilder()
                    .setOpType(op)
                    .setName("n")
                    .addInput("x")
                    .addOutput("y"));
    return OnnxGraph.of(
        ai.onnx.proto.OnnxMl.ModelProto.newBuilder().setIrVersion(7).setGraph(g).build());
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
