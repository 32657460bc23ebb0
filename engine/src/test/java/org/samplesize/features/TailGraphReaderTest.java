package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.InvalidInputException;
import org.samplesize.SharedData;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailSpec;

/** Reads small MobileNetV2-shaped graphs built here, and the real files when they are present. */
class TailGraphReaderTest {

  /** Builds a tiny MobileNetV2-like graph: stem, block 0 (no expansion), two blocks, last conv. */
  static final class Builder {
    final GraphProto.Builder g = GraphProto.newBuilder();
    final SplittableRandom random = new SplittableRandom(7);
    int counter;

    Builder(long h, long w) {
      g.addInput(valueInfo("input", 1, 3, h, w));
      g.addInitializer(floats("relu6_min", new long[] {}, new float[] {0f}));
      g.addInitializer(floats("relu6_max", new long[] {}, new float[] {6f}));
    }

    String conv(
        String in, int cin, int cout, int k, int group, int stride, int[] pads, boolean relu6) {
      String id = "c" + (counter++);
      int perGroup = cin / group;
      float[] w = new float[cout * perGroup * k * k];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) random.nextDouble(-0.5, 0.5);
      }
      float[] b = new float[cout];
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) random.nextDouble(-0.1, 0.1);
      }
      g.addInitializer(floats(id + "_w", new long[] {cout, perGroup, k, k}, w));
      g.addInitializer(floats(id + "_b", new long[] {cout}, b));
      String out = relu6 ? id + "_pre" : id + "_out";
      g.addNode(
          NodeProto.newBuilder()
              .setOpType("Conv")
              .setName("Conv_" + id)
              .addInput(in)
              .addInput(id + "_w")
              .addInput(id + "_b")
              .addOutput(out)
              .addAttribute(ints("kernel_shape", k, k))
              .addAttribute(ints("strides", stride, stride))
              .addAttribute(ints("pads", pads[0], pads[1], pads[2], pads[3]))
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("group")
                      .setType(AttributeProto.AttributeType.INT)
                      .setI(group)));
      if (!relu6) {
        return out;
      }
      g.addNode(
          NodeProto.newBuilder()
              .setOpType("Clip")
              .setName("Clip_" + id)
              .addInput(out)
              .addInput("relu6_min")
              .addInput("relu6_max")
              .addOutput(id + "_out"));
      return id + "_out";
    }

    String add(String a, String b) {
      String out = "add" + (counter++);
      g.addNode(NodeProto.newBuilder().setOpType("Add").addInput(a).addInput(b).addOutput(out));
      return out;
    }

    ModelProto finish(String lastConvOut) {
      g.addNode(
          NodeProto.newBuilder()
              .setOpType("GlobalAveragePool")
              .addInput(lastConvOut)
              .addOutput("pool"));
      g.addNode(NodeProto.newBuilder().setOpType("Flatten").addInput("pool").addOutput("feature"));
      g.addOutput(valueInfo("feature", 1, 0, 0, 0));
      return ModelProto.newBuilder().setIrVersion(7).setGraph(g).build();
    }
  }

  static final int[] SAME1 = {1, 1, 1, 1};
  static final int[] NONE = {0, 0, 0, 0};

  /**
   * stem(3→8, s2) → block0 dw(8)+proj(8→4) → block1 exp(4→12) dw s2 (TF pads) proj(12→6) → block2
   * residual → last(6→10).
   */
  static ModelProto tinyModel() {
    Builder b = new Builder(16, 16);
    String t = b.conv("input", 3, 8, 3, 1, 2, SAME1, true);
    t = b.conv(t, 8, 8, 3, 8, 1, SAME1, true);
    t = b.conv(t, 8, 4, 1, 1, 1, NONE, false);
    String b1in = t;
    t = b.conv(t, 4, 12, 1, 1, 1, NONE, true);
    t = b.conv(t, 12, 12, 3, 12, 2, new int[] {0, 0, 1, 1}, true);
    t = b.conv(t, 12, 6, 1, 1, 1, NONE, false);
    String b2in = t;
    t = b.conv(t, 6, 18, 1, 1, 1, NONE, true);
    t = b.conv(t, 18, 18, 3, 18, 1, SAME1, true);
    t = b.conv(t, 18, 6, 1, 1, 1, NONE, false);
    t = b.add(b2in, t);
    t = b.conv(t, 6, 10, 1, 1, 1, NONE, true);
    assertFalse(b1in.isEmpty());
    return b.finish(t);
  }

  @Test
  void readsEveryBlockOfASmallGraph() {
    ModelProto m = tinyModel();
    TailSpec all = TailGraphReader.read(m, "tiny", "expanded_conv");
    assertEquals(List.of("expanded_conv", "block_1", "block_2"), all.blockNames());
    assertEquals(8, all.inChannels());
    assertEquals(8, all.inHeight());
    assertEquals(10, all.featureDim());
    assertEquals("feature", all.featureTensor());
    assertNull(all.cutQuantization());
    InvertedResidualSpec b0 = all.blocks().get(0);
    assertNull(b0.expand());
    assertFalse(b0.residual());
    InvertedResidualSpec b1 = all.blocks().get(1);
    assertEquals(2, b1.depthwise().stride());
    assertEquals(0, b1.depthwise().padTop());
    assertEquals(1, b1.depthwise().padBottom());
    assertEquals(4, b1.outHeight());
    assertTrue(all.blocks().get(2).residual());
    assertEquals(12, b1.hiddenChannels());

    TailSpec fromBlock1 = TailGraphReader.read(m, "tiny", "block_1");
    assertEquals(List.of("block_1", "block_2"), fromBlock1.blockNames());
    assertEquals(4, fromBlock1.inChannels());
    assertEquals(8, fromBlock1.inHeight());
    TailSpec byTensor = TailGraphReader.read(m, "tiny", fromBlock1.cutTensor());
    assertEquals(fromBlock1.blockNames(), byTensor.blockNames());
    // weights survive the trip (conv c4 is block_1's expansion: the 5th conv made)
    assertEquals(4 * 12, fromBlock1.blocks().get(0).expand().weight().length);
  }

  @Test
  void rejectsACutPointThatIsNotABlockAndListsTheValidOnes() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> TailGraphReader.read(tinyModel(), "tiny", "block_7"));
    assertTrue(e.getMessage().contains("block_7"), e.getMessage());
    assertTrue(e.getMessage().contains("use block_0 … block_2"), e.getMessage());
  }

  @Test
  void rejectsAClipThatIsNotRelu6() {
    ModelProto m = tinyModel();
    ModelProto.Builder b = m.toBuilder();
    for (int i = 0; i < b.getGraph().getInitializerCount(); i++) {
      if (b.getGraph().getInitializer(i).getName().equals("relu6_max")) {
        b.getGraphBuilder().setInitializer(i, floats("relu6_max", new long[] {}, new float[] {4f}));
      }
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> TailGraphReader.read(b.build(), "tiny", "block_1"));
    assertTrue(e.getMessage().contains("ReLU6"), e.getMessage());
    assertTrue(e.getMessage().contains("tiny"), e.getMessage());
  }

  @Test
  void missingAndNonOnnxFilesGiveClearMessages(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.onnx");
    InvalidInputException e1 =
        assertThrows(InvalidInputException.class, () -> TailGraphReader.read(missing, "block_10"));
    assertTrue(e1.getMessage().contains("not found"), e1.getMessage());
    Path junk = dir.resolve("junk.onnx");
    Files.writeString(junk, "this is not a protobuf");
    InvalidInputException e2 =
        assertThrows(InvalidInputException.class, () -> TailGraphReader.read(junk, "block_10"));
    assertTrue(e2.getMessage().contains("junk.onnx"), e2.getMessage());
  }

  @Test
  void realFloat32FileHasTheDocumentedBlocks() {
    Path model = SharedData.model(TailParityTest.FP32);
    Map<String, String> cuts = TailGraphReader.cutPoints(model);
    assertEquals(17, cuts.size());
    assertEquals("400", cuts.get("block_10"));
    assertEquals("426", cuts.get("block_13"));
    assertEquals("452", cuts.get("block_16"));
    TailSpec spec = TailGraphReader.read(model, TailGraphReader.DEFAULT_CUT);
    assertEquals(64 * 14 * 14, spec.inputSize());
    assertEquals(7, spec.blocks().size());
    assertEquals(1280, spec.featureDim());
    assertEquals(7, spec.finalHeight());
    boolean[] residual = new boolean[7];
    for (int i = 0; i < 7; i++) {
      residual[i] = spec.blocks().get(i).residual();
    }
    assertArrayEquals(new boolean[] {false, true, true, false, true, true, false}, residual);
    // ≈ 0.15 G multiply-adds forward, so ≈ 0.9 GFLOP per training sample, as the issue says
    assertEquals(0.9e9, spec.trainingFlopsPerSample(), 0.1e9);
  }

  @Test
  void theBlockNamesAcceptedAreTheNamesListed() {
    ModelProto m = tinyModel();
    assertEquals(
        List.of("expanded_conv", "block_1", "block_2"),
        TailGraphReader.read(m, "tiny", "block_0").blockNames());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> TailGraphReader.read(m, "tiny", "block_99"));
    assertTrue(
        e.getMessage().contains("use block_0 … block_2 (the first block trained"), e.getMessage());
    assertFalse(e.getMessage().contains("expanded_conv"), "the list holds the names users type");
    assertFalse(e.getMessage().contains("tensor"), e.getMessage());
    for (String cardOnly : List.of("stem", "head")) {
      InvalidInputException c =
          assertThrows(
              InvalidInputException.class, () -> TailGraphReader.read(m, "tiny", cardOnly));
      assertTrue(c.getMessage().contains("names a features --cut tensor"), c.getMessage());
      assertTrue(c.getMessage().contains("use block_0 … block_2"), c.getMessage());
    }
  }

  @Test
  void fineTuningFromBlockNCutsWhereTheCardsBlockNMinusOneEnds() {
    // The card's cuts name each block's output (features --cut); --unfreeze-from names the first
    // block trained, so block_N starts at block_(N-1)'s output and block_0 at the stem's.
    Path file = SharedData.model("mobilenetv2-12-fp32-dequant.onnx");
    Map<String, String> cardCuts = ModelCard.load("mobilenetv2-12-fp32-dequant").cuts();
    Map<String, String> starts = TailGraphReader.cutPoints(file);
    assertEquals(17, starts.size());
    for (int i = 0; i < 17; i++) {
      assertEquals(
          cardCuts.get(i == 0 ? "stem" : "block_" + (i - 1)),
          starts.get("block_" + i),
          "block " + i);
    }
  }

  @Test
  void realTfHubFileCutsAtTheDocumentedTensor() {
    Map<String, String> cuts = TailGraphReader.cutPoints(SharedData.model(TailParityTest.TFHUB));
    assertEquals("MobileNetV2/expanded_conv_10/add/add", cuts.get("block_10"));
    assertEquals(17, cuts.size());
  }

  // ------------------------------------------------------------------ proto helpers

  static TensorProto floats(String name, long[] dims, float[] values) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(s)))
        .build();
  }
}
