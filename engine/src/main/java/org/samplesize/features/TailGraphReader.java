package org.samplesize.features;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.train.tail.Conv1x1Spec;
import org.samplesize.train.tail.InvertedResidualSpec;
import org.samplesize.train.tail.TailSpec;

/**
 * Reads the trainable tail of a MobileNetV2 ONNX graph into a pure-Java {@link TailSpec}.
 *
 * <p>The reader walks the graph from its image input: an optional NHWC→NCHW {@code Transpose}
 * (TF-Hub file) or input {@code QuantizeLinear} (int8 zoo file), the stem convolution, then every
 * inverted-residual block (optional 1×1 expansion + ReLU6, depthwise k×k + ReLU6, linear 1×1
 * projection, residual add where the graph has one), then the last 1×1 convolution with ReLU6 and
 * the global average pool. Blocks are numbered as Keras does: block 0 is {@code expanded_conv}
 * (also accepted as {@code block_0}), then {@code block_1} … {@code block_16}. Spatial sizes are
 * propagated from the input's declared height and width.
 *
 * <p>Three weight encodings are understood, so all three files in {@code shared/data/models} load:
 *
 * <ul>
 *   <li>{@code Conv} with float32 initializers, ReLU6 as {@code Clip(0, 6)} (the float32 zoo
 *       conversion {@code mobilenetv2-12-fp32-dequant.onnx});
 *   <li>{@code Conv} whose weight comes from a per-channel {@code DequantizeLinear} of an int8
 *       initializer (the TF-Hub file): dequantized here as {@code (q − zp) · scale};
 *   <li>{@code QLinearConv} (the int8 zoo file): weights dequantized per output channel as {@code
 *       (q − zp) · scale}, bias as {@code q_b · x_scale · w_scale}; a convolution whose uint8
 *       output zero point is 0 is taken to end in ReLU6, exactly as the float32 conversion did. The
 *       tail then computes in float32 (it does not emulate int8 rounding of activations), and
 *       {@link TailSpec#cutQuantization()} says how to dequantize the uint8 cut tensor.
 * </ul>
 *
 * <p>BatchNorm must already be folded into the convolutions (it is in all three files); a graph
 * with other ops inside the tail is rejected with a message naming the node.
 */
public final class TailGraphReader {

  /** The recipe's default cut point: unfreeze from Keras {@code block_10}. */
  public static final String DEFAULT_CUT = "block_10";

  private final TailGraph g;

  private TailGraphReader(String source, ModelProto model) {
    this.g = new TailGraph(source, model);
  }

  /**
   * Reads the tail that starts at {@code cut}.
   *
   * @param onnxFile a MobileNetV2 ONNX file
   * @param cut a block name ({@code block_10}, {@code block_13}, {@code expanded_conv}, …) or the
   *     name of a block's input tensor ({@code 400}; for the int8 file {@code 400} and {@code
   *     400_quantized} both work)
   * @return the tail from that block to the pooled feature
   * @throws InvalidInputException when the file is missing or unreadable, the graph is not a
   *     MobileNetV2-shaped network, or {@code cut} is not a block boundary (the message lists the
   *     valid ones)
   */
  public static TailSpec read(Path onnxFile, String cut) {
    return of(onnxFile).tail(cut);
  }

  /**
   * Lists the blocks fine-tuning can start from, by the names {@code --unfreeze-from} takes.
   *
   * @param onnxFile a MobileNetV2 ONNX file
   * @return block name ({@code block_0} … {@code block_16}) → the block's input tensor (where the
   *     model is cut), in graph order
   * @throws InvalidInputException when the file is missing, unreadable or not MobileNetV2-shaped
   */
  public static Map<String, String> cutPoints(Path onnxFile) {
    Backbone b = of(onnxFile).walk();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < b.blocks.size(); i++) {
      out.put("block_" + i, b.blocks.get(i).inputTensor());
    }
    return out;
  }

  /**
   * Reads a tail from an in-memory model (tests build small graphs this way).
   *
   * @param model the parsed model
   * @param source a name for messages and provenance
   * @param cut a block name or block input tensor, as in {@link #read(Path, String)}
   * @return the tail
   */
  static TailSpec read(ModelProto model, String source, String cut) {
    return new TailGraphReader(source, model).tail(cut);
  }

  private static TailGraphReader of(Path onnxFile) {
    ModelProto model;
    try (InputStream in = Files.newInputStream(onnxFile)) {
      model = ModelProto.parseFrom(in);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("model file not found: " + onnxFile);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read model " + onnxFile + " as ONNX: " + e.getMessage(), e);
    }
    if (model.getGraph().getNodeCount() == 0) {
      throw new InvalidInputException(
          "model " + onnxFile + " has no graph nodes; is it an ONNX model file?");
    }
    return new TailGraphReader(onnxFile.getFileName().toString(), model);
  }

  // ------------------------------------------------------------------ walking the graph

  /** The parsed backbone from block 0 to the pooled feature. */
  private static final class Backbone {
    final List<InvertedResidualSpec> blocks = new ArrayList<>();
    final List<TailSpec.Quantization> blockInputQuantization = new ArrayList<>();
    Conv1x1Spec lastConv;
    String featureTensor;
  }

  private TailSpec tail(String cut) {
    if (cut == null || cut.isBlank()) {
      throw new InvalidInputException("cut point is empty; use a block name such as block_10");
    }
    Backbone b = walk();
    String wanted = cut.trim();
    if (wanted.equals("block_0")) {
      wanted = "expanded_conv";
    }
    for (int i = 0; i < b.blocks.size(); i++) {
      InvertedResidualSpec s = b.blocks.get(i);
      String in = s.inputTensor();
      if (s.name().equals(wanted) || in.equals(wanted) || in.equals(wanted + "_quantized")) {
        return new TailSpec(
            g.source,
            in,
            b.blockInputQuantization.get(i),
            b.featureTensor,
            s.inChannels(),
            s.inHeight(),
            s.inWidth(),
            b.blocks.subList(i, b.blocks.size()),
            b.lastConv);
      }
    }
    String names = blockRange(b.blocks.size());
    if (wanted.equals("stem") || wanted.equals("head")) {
      // Both are names of features --cut: the stem's output is block_0's input, and the head is
      // the last 1x1 convolution, which every tail trains anyway.
      throw new InvalidInputException(
          "cut point '"
              + cut
              + "' names a features --cut tensor, not a block fine-tuning can start from; use "
              + names
              + " (the first block trained: it and every later block train, the ones before"
              + " it stay frozen)");
    }
    throw new InvalidInputException(
        "cut point '"
            + cut
            + "' is not a block of "
            + g.source
            + "; use "
            + names
            + " (the first block trained: it and every later block train, the ones before it"
            + " stay frozen)");
  }

  /**
   * The names a user types for the first block trained: {@code block_0} to the last block.
   *
   * @param blocks how many inverted-residual blocks the graph has
   * @return e.g. {@code block_0 … block_16}
   */
  static String blockRange(int blocks) {
    return blocks <= 1 ? "block_0" : "block_0 … block_" + (blocks - 1);
  }

  private Backbone walk() {
    ValueInfoProto input = imageInput();
    List<Long> dims = new ArrayList<>();
    for (TensorShapeProto.Dimension d : input.getType().getTensorType().getShape().getDimList()) {
      dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
    }
    if (dims.size() != 4) {
      throw g.bad("input '" + input.getName() + "' has shape " + dims + ", expected 4 dimensions");
    }
    String t = input.getName();
    int h;
    int w;
    NodeProto first = singleConsumer(t, "the image input");
    if (first.getOpType().equals("Transpose")) {
      List<Long> perm = TailGraph.intsAttr(first, "perm", List.of());
      if (!perm.equals(List.of(0L, 3L, 1L, 2L))) {
        throw g.bad(
            "input Transpose " + first.getName() + " has perm " + perm + ", expected NHWC→NCHW");
      }
      h = (int) (long) dims.get(1);
      w = (int) (long) dims.get(2);
      t = first.getOutput(0);
    } else {
      h = (int) (long) dims.get(2);
      w = (int) (long) dims.get(3);
      if (first.getOpType().equals("QuantizeLinear")) {
        t = first.getOutput(0);
      }
    }
    if (h <= 0 || w <= 0) {
      throw g.bad("input '" + input.getName() + "' has no fixed height/width: " + dims);
    }
    TailGraph.ConvNode stem = g.conv(convConsumer(t, "the stem"));
    if (stem.group != 1 || !stem.relu6) {
      throw g.bad("stem " + stem.name + " is not a full convolution with ReLU6");
    }
    h = stem.outHeight(h);
    w = stem.outWidth(w);
    t = stem.output;
    int c = stem.outChannels;

    Backbone bb = new Backbone();
    for (int index = 0; ; index++) {
      if (index > g.graph.getNodeCount()) {
        throw g.bad("the block chain does not end in a pooled feature");
      }
      NodeProto next = convConsumer(t, "block " + index);
      TailGraph.ConvNode a = g.conv(next);
      TailGraph.ConvNode expand = null;
      TailGraph.ConvNode dw;
      if (a.isDepthwise(c)) {
        dw = a;
      } else if (a.isPointwise()) {
        NodeProto after = convConsumerOrNull(a.output);
        if (after == null) {
          // 1×1 conv followed by the pool: the last convolution.
          if (!a.relu6) {
            throw g.bad("last convolution " + a.name + " has no ReLU6");
          }
          if (a.inChannels != c) {
            throw g.bad(a.name + " takes " + a.inChannels + " channels, the graph gives " + c);
          }
          bb.lastConv = a.toConv1x1();
          bb.featureTensor = pooledFeature(a.output);
          return bb;
        }
        expand = a;
        dw = g.conv(after);
        if (!dw.isDepthwise(expand.outChannels)) {
          throw g.bad(
              dw.name + " after the expansion " + a.name + " is not a depthwise convolution");
        }
      } else {
        throw g.bad(
            a.name + " is neither a 1×1 nor a depthwise convolution; not a MobileNetV2 block");
      }
      TailGraph.ConvNode project =
          g.conv(convConsumer(dw.output, "the projection after " + dw.name));
      if (!project.isPointwise() || project.relu6) {
        throw g.bad(project.name + " is not a linear 1×1 projection");
      }
      String out = project.output;
      boolean residual = false;
      for (NodeProto n : g.consumers.getOrDefault(out, List.of())) {
        String op = n.getOpType();
        if (op.equals("Add") && n.getInputList().contains(t)) {
          residual = true;
          out = n.getOutput(0);
        } else if (op.equals("QLinearAdd")
            && (n.getInput(0).equals(t) || n.getInput(3).equals(t))) {
          residual = true;
          out = n.getOutput(0);
        }
      }
      String name = index == 0 ? "expanded_conv" : "block_" + index;
      InvertedResidualSpec spec =
          new InvertedResidualSpec(
              name,
              t,
              out,
              c,
              h,
              w,
              expand == null ? null : expand.toConv1x1(),
              dw.toDepthwise(),
              project.toConv1x1(),
              residual);
      bb.blocks.add(spec);
      bb.blockInputQuantization.add((expand != null ? expand : dw).inputQuantization);
      t = out;
      c = spec.outChannels();
      h = spec.outHeight();
      w = spec.outWidth();
    }
  }

  private ValueInfoProto imageInput() {
    for (ValueInfoProto v : g.graph.getInputList()) {
      if (!g.initializers.containsKey(v.getName())) {
        return v;
      }
    }
    throw g.bad("graph has no input");
  }

  /** Follows the pool and an optional Flatten/Reshape to the 1280-d feature tensor. */
  private String pooledFeature(String lastConvOutput) {
    for (NodeProto n : g.consumers.getOrDefault(lastConvOutput, List.of())) {
      String op = n.getOpType();
      boolean pool =
          op.equals("GlobalAveragePool")
              || op.equals("QLinearGlobalAveragePool")
              || (op.equals("ReduceMean")
                  && TailGraph.intsAttr(n, "axes", List.of()).equals(List.of(2L, 3L)));
      if (pool) {
        String p = n.getOutput(0);
        for (NodeProto m : g.consumers.getOrDefault(p, List.of())) {
          if (m.getOpType().equals("Flatten")
              || (m.getOpType().equals("Reshape") && m.getInput(0).equals(p))) {
            return m.getOutput(0);
          }
        }
        return p;
      }
    }
    throw g.bad(
        "no global average pool after the last convolution (tensor " + lastConvOutput + ")");
  }

  private NodeProto singleConsumer(String tensor, String what) {
    List<NodeProto> cs = g.consumers.getOrDefault(tensor, List.of());
    if (cs.size() != 1) {
      throw g.bad(what + " (tensor " + tensor + ") has " + cs.size() + " consumers, expected 1");
    }
    return cs.get(0);
  }

  private NodeProto convConsumer(String tensor, String what) {
    NodeProto n = convConsumerOrNull(tensor);
    if (n == null) {
      throw g.bad("no convolution reads tensor " + tensor + " (" + what + ")");
    }
    return n;
  }

  private NodeProto convConsumerOrNull(String tensor) {
    NodeProto found = null;
    for (NodeProto n : g.consumers.getOrDefault(tensor, List.of())) {
      String op = n.getOpType();
      if ((op.equals("Conv") || op.equals("QLinearConv")) && n.getInput(0).equals(tensor)) {
        if (found != null) {
          throw g.bad("tensor " + tensor + " feeds two convolutions; not a MobileNetV2 chain");
        }
        found = n;
      }
    }
    return found;
  }
}
