package org.samplesize.features;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny image model built with the ONNX protobuf builders, so tests never need the real files:
 *
 * <pre>
 * input [N,3,4,4] → Conv 1×1 (weights: int8 + per-channel DequantizeLinear) + bias → "conv"
 *   → Relu → "relu" → GlobalAveragePool → "pool" [N,2,1,1] → Flatten → "feat" [N,2]
 *   → QuantizeLinear → "feat_quantized" (uint8) → DequantizeLinear → "feat_dq"
 *   → Gemm (W [3,2] transB) → "logits" [N,3]
 * </pre>
 */
public final class TinyModels {
  private TinyModels() {}

  static final byte[] WQ = {10, -20, 30, -5, 15, 25}; // [2,3,1,1] int8
  static final float[] W_SCALE = {0.05f, 0.1f};
  static final byte[] W_ZP = {0, 5};
  static final float[] BIAS = {0.1f, -0.2f};
  static final float[] GEMM_W = {1f, 2f, -1f, 0.5f, 0.25f, -0.75f}; // [3,2]
  static final float FEAT_SCALE = 0.02f;

  /** The dequantized conv weight w[o][c]. */
  static float weight(int o, int c) {
    return (WQ[o * 3 + c] - W_ZP[o]) * W_SCALE[o];
  }

  /** Reference "feat" for one NCHW image of 3×4×4. */
  static float[] referenceFeatures(float[] img, int offset) {
    float[] out = new float[2];
    for (int o = 0; o < 2; o++) {
      double sum = 0;
      for (int p = 0; p < 16; p++) {
        float v = BIAS[o];
        for (int c = 0; c < 3; c++) {
          v += weight(o, c) * img[offset + c * 16 + p];
        }
        sum += Math.max(0f, v);
      }
      out[o] = (float) (sum / 16);
    }
    return out;
  }

  public static Path write(Path dir) throws IOException {
    Path p = dir.resolve("tiny.onnx");
    Files.write(p, model().toByteArray());
    return p;
  }

  static OnnxMl.ModelProto model() {
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
    g.addInput(value("input", OnnxMl.TensorProto.DataType.FLOAT_VALUE, -1, 3, 4, 4));
    g.addOutput(value("logits", OnnxMl.TensorProto.DataType.FLOAT_VALUE, -1, 3));
    g.addInitializer(
        tensor("w_q", OnnxMl.TensorProto.DataType.INT8_VALUE, ByteString.copyFrom(WQ), 2, 3, 1, 1));
    g.addInitializer(floats("w_scale", W_SCALE, 2));
    g.addInitializer(
        tensor("w_zp", OnnxMl.TensorProto.DataType.INT8_VALUE, ByteString.copyFrom(W_ZP), 2));
    g.addInitializer(floats("b", BIAS, 2));
    g.addInitializer(floats("feat_scale", new float[] {FEAT_SCALE}));
    g.addInitializer(
        tensor(
            "feat_zero_point",
            OnnxMl.TensorProto.DataType.UINT8_VALUE,
            ByteString.copyFrom(new byte[] {0})));
    g.addInitializer(floats("gemm_w", GEMM_W, 3, 2));
    g.addNode(
        node("DequantizeLinear", "dq_w", "w", "w_q", "w_scale", "w_zp")
            .addAttribute(intAttr("axis", 0)));
    g.addNode(node("Conv", "conv", "conv", "input", "w", "b"));
    g.addNode(node("Relu", "relu", "relu", "conv"));
    g.addNode(node("GlobalAveragePool", "gap", "pool", "relu"));
    g.addNode(node("Flatten", "flatten", "feat", "pool"));
    g.addNode(
        node("QuantizeLinear", "q", "feat_quantized", "feat", "feat_scale", "feat_zero_point"));
    g.addNode(
        node(
            "DequantizeLinear",
            "dq",
            "feat_dq",
            "feat_quantized",
            "feat_scale",
            "feat_zero_point"));
    g.addNode(
        node("Gemm", "gemm", "logits", "feat_dq", "gemm_w").addAttribute(intAttr("transB", 1)));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .setProducerName("samplesize-test")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(g)
        .build();
  }

  private static OnnxMl.NodeProto.Builder node(String op, String name, String out, String... in) {
    OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name);
    for (String i : in) {
      b.addInput(i);
    }
    return b.addOutput(out);
  }

  private static OnnxMl.AttributeProto intAttr(String name, long v) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  static OnnxMl.ValueInfoProto value(String name, int type, long... dims) {
    OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(
          d < 0
              ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s)))
        .build();
  }

  private static OnnxMl.TensorProto tensor(String name, int type, ByteString raw, long... dims) {
    OnnxMl.TensorProto.Builder t =
        OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type).setRawData(raw);
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static OnnxMl.TensorProto floats(String name, float[] v, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return tensor(
        name, OnnxMl.TensorProto.DataType.FLOAT_VALUE, ByteString.copyFrom(b.flip()), dims);
  }

  /**
   * A model whose features are the per-channel means of its image input: {@code input [batch, C, 4,
   * 4]} ({@code batch} &lt; 0 = free, else fixed) of element type {@code elemType} → (Cast to float
   * when it is not float) → GlobalAveragePool → Flatten → {@code "feat" [batch, C]}.
   *
   * @param dir where the file goes
   * @param name its file name
   * @param batch the batch dimension, -1 for a free one
   * @param channels C
   * @param elemType ONNX element type of the input, e.g. {@code UINT8_VALUE}
   * @return the file
   * @throws IOException when it cannot be written
   */
  static Path channelMeans(Path dir, String name, long batch, int channels, int elemType)
      throws IOException {
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("means");
    g.addInput(value("input", elemType, batch, channels, 4, 4));
    g.addOutput(value("feat", OnnxMl.TensorProto.DataType.FLOAT_VALUE, batch, channels));
    String x = "input";
    if (elemType != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
      g.addNode(
          node("Cast", "cast", "x", "input")
              .addAttribute(intAttr("to", OnnxMl.TensorProto.DataType.FLOAT_VALUE)));
      x = "x";
    }
    g.addNode(node("GlobalAveragePool", "gap", "pool", x));
    g.addNode(node("Flatten", "flatten", "feat", "pool"));
    OnnxMl.ModelProto m =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("samplesize-test")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
            .setGraph(g)
            .build();
    Path p = dir.resolve(name);
    Files.write(p, m.toByteArray());
    return p;
  }

  /** A card for the tiny model (feature tensor "feat", cut "block_0" = "relu"). */
  public static ModelCard card(Path file) {
    return new ModelCard(
        "tiny",
        "test model",
        file.getFileName().toString(),
        null,
        null,
        0,
        "test",
        new ModelCard.InputSpec("input", new long[] {-1, 3, 4, 4}, "NCHW"),
        new org.samplesize.image.Preprocessing(
            org.samplesize.image.ResizeMode.SQUASH,
            4,
            4,
            4,
            1f / 255f,
            new float[] {0, 0, 0},
            new float[] {1, 1, 1},
            org.samplesize.image.Layout.NCHW),
        new ModelCard.OutputSpec("logits", 3, 0, "logits"),
        "feat",
        2,
        java.util.Map.of("block_0", "relu"),
        file);
  }
}
