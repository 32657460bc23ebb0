package org.samplesize.features;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.train.tail.Conv1x1Spec;
import org.samplesize.train.tail.DepthwiseSpec;
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

  private static final float RELU6_TOLERANCE = 1e-6f;

  private final String source;
  private final GraphProto graph;
  private final Map<String, TensorProto> initializers = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();

  private TailGraphReader(String source, ModelProto model) {
    this.source = source;
    this.graph = model.getGraph();
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
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
   * Lists the cut points of a model: every block's name and input tensor.
   *
   * @param onnxFile a MobileNetV2 ONNX file
   * @return block name → input tensor, in graph order
   * @throws InvalidInputException when the file is missing, unreadable or not MobileNetV2-shaped
   */
  public static Map<String, String> cutPoints(Path onnxFile) {
    Backbone b = of(onnxFile).walk();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (InvertedResidualSpec s : b.blocks) {
      out.put(s.name(), s.inputTensor());
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
            source,
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
    List<String> valid = new ArrayList<>();
    for (InvertedResidualSpec s : b.blocks) {
      valid.add(s.name() + " (tensor " + s.inputTensor() + ")");
    }
    throw new InvalidInputException(
        "cut point '"
            + cut
            + "' is not a block of "
            + source
            + "; use one of "
            + String.join(", ", valid));
  }

  private Backbone walk() {
    ValueInfoProto input = imageInput();
    List<Long> dims = new ArrayList<>();
    for (TensorShapeProto.Dimension d : input.getType().getTensorType().getShape().getDimList()) {
      dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
    }
    if (dims.size() != 4) {
      throw bad("input '" + input.getName() + "' has shape " + dims + ", expected 4 dimensions");
    }
    String t = input.getName();
    int h;
    int w;
    NodeProto first = singleConsumer(t, "the image input");
    if (first.getOpType().equals("Transpose")) {
      List<Long> perm = intsAttr(first, "perm", List.of());
      if (!perm.equals(List.of(0L, 3L, 1L, 2L))) {
        throw bad(
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
      throw bad("input '" + input.getName() + "' has no fixed height/width: " + dims);
    }
    ConvNode stem = conv(convConsumer(t, "the stem"));
    if (stem.group != 1 || !stem.relu6) {
      throw bad("stem " + stem.name + " is not a full convolution with ReLU6");
    }
    h = stem.outHeight(h);
    w = stem.outWidth(w);
    t = stem.output;
    int c = stem.outChannels;

    Backbone bb = new Backbone();
    for (int index = 0; ; index++) {
      if (index > graph.getNodeCount()) {
        throw bad("the block chain does not end in a pooled feature");
      }
      NodeProto next = convConsumer(t, "block " + index);
      ConvNode a = conv(next);
      ConvNode expand = null;
      ConvNode dw;
      if (a.isDepthwise(c)) {
        dw = a;
      } else if (a.isPointwise()) {
        NodeProto after = convConsumerOrNull(a.output);
        if (after == null) {
          // 1×1 conv followed by the pool: the last convolution.
          if (!a.relu6) {
            throw bad("last convolution " + a.name + " has no ReLU6");
          }
          if (a.inChannels != c) {
            throw bad(a.name + " takes " + a.inChannels + " channels, the graph gives " + c);
          }
          bb.lastConv = a.toConv1x1();
          bb.featureTensor = pooledFeature(a.output);
          return bb;
        }
        expand = a;
        dw = conv(after);
        if (!dw.isDepthwise(expand.outChannels)) {
          throw bad(dw.name + " after the expansion " + a.name + " is not a depthwise convolution");
        }
      } else {
        throw bad(
            a.name + " is neither a 1×1 nor a depthwise convolution; not a MobileNetV2 block");
      }
      ConvNode project = conv(convConsumer(dw.output, "the projection after " + dw.name));
      if (!project.isPointwise() || project.relu6) {
        throw bad(project.name + " is not a linear 1×1 projection");
      }
      String out = project.output;
      boolean residual = false;
      for (NodeProto n : consumers.getOrDefault(out, List.of())) {
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
    for (ValueInfoProto v : graph.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        return v;
      }
    }
    throw bad("graph has no input");
  }

  /** Follows the pool and an optional Flatten/Reshape to the 1280-d feature tensor. */
  private String pooledFeature(String lastConvOutput) {
    for (NodeProto n : consumers.getOrDefault(lastConvOutput, List.of())) {
      String op = n.getOpType();
      boolean pool =
          op.equals("GlobalAveragePool")
              || op.equals("QLinearGlobalAveragePool")
              || (op.equals("ReduceMean")
                  && intsAttr(n, "axes", List.of()).equals(List.of(2L, 3L)));
      if (pool) {
        String p = n.getOutput(0);
        for (NodeProto m : consumers.getOrDefault(p, List.of())) {
          if (m.getOpType().equals("Flatten")
              || (m.getOpType().equals("Reshape") && m.getInput(0).equals(p))) {
            return m.getOutput(0);
          }
        }
        return p;
      }
    }
    throw bad("no global average pool after the last convolution (tensor " + lastConvOutput + ")");
  }

  private NodeProto singleConsumer(String tensor, String what) {
    List<NodeProto> cs = consumers.getOrDefault(tensor, List.of());
    if (cs.size() != 1) {
      throw bad(what + " (tensor " + tensor + ") has " + cs.size() + " consumers, expected 1");
    }
    return cs.get(0);
  }

  private NodeProto convConsumer(String tensor, String what) {
    NodeProto n = convConsumerOrNull(tensor);
    if (n == null) {
      throw bad("no convolution reads tensor " + tensor + " (" + what + ")");
    }
    return n;
  }

  private NodeProto convConsumerOrNull(String tensor) {
    NodeProto found = null;
    for (NodeProto n : consumers.getOrDefault(tensor, List.of())) {
      String op = n.getOpType();
      if ((op.equals("Conv") || op.equals("QLinearConv")) && n.getInput(0).equals(tensor)) {
        if (found != null) {
          throw bad("tensor " + tensor + " feeds two convolutions; not a MobileNetV2 chain");
        }
        found = n;
      }
    }
    return found;
  }

  // ------------------------------------------------------------------ convolutions

  /** A convolution in float32 form, whatever its encoding in the graph. */
  private final class ConvNode {
    String name;
    String output;
    int outChannels;
    int inChannels;
    int kernel;
    int group;
    int stride;
    int[] pads;
    float[] weight;
    float[] bias;
    boolean relu6;
    TailSpec.Quantization inputQuantization;

    boolean isPointwise() {
      return kernel == 1 && group == 1 && stride == 1 && pads[0] + pads[1] + pads[2] + pads[3] == 0;
    }

    boolean isDepthwise(int channels) {
      return group == channels && group > 1 && outChannels == channels && inChannels == 1;
    }

    int outHeight(int h) {
      return (h + pads[0] + pads[2] - kernel) / stride + 1;
    }

    int outWidth(int w) {
      return (w + pads[1] + pads[3] - kernel) / stride + 1;
    }

    Conv1x1Spec toConv1x1() {
      return new Conv1x1Spec(inChannels, outChannels, weight, bias, relu6, name);
    }

    DepthwiseSpec toDepthwise() {
      return new DepthwiseSpec(
          outChannels,
          kernel,
          stride,
          pads[0],
          pads[1],
          pads[2],
          pads[3],
          weight,
          bias,
          relu6,
          name);
    }
  }

  private ConvNode conv(NodeProto n) {
    ConvNode c = new ConvNode();
    c.name = n.getName().isEmpty() ? n.getOutput(0) : n.getName();
    boolean qlinear = n.getOpType().equals("QLinearConv");
    String wName = n.getInput(qlinear ? 3 : 1);
    int[] wDims;
    if (qlinear) {
      TensorProto wq = initializer(wName, c.name);
      wDims = dims(wq);
      int oc = wDims[0];
      float[] scale = perChannel(floats(initializer(n.getInput(4), c.name)), oc, c.name);
      float[] zp = perChannel(floats(initializer(n.getInput(5), c.name)), oc, c.name);
      c.weight = OnnxTensors.dequantize(floats(wq), wq.getDimsList(), wName, scale, zp, 0);
      float xScale = scalar(n.getInput(1), c.name);
      float xZero = scalar(n.getInput(2), c.name);
      c.inputQuantization = new TailSpec.Quantization(xScale, Math.round(xZero));
      c.bias = new float[oc];
      if (n.getInputCount() > 8 && !n.getInput(8).isEmpty()) {
        float[] qb = floats(initializer(n.getInput(8), c.name));
        for (int o = 0; o < oc; o++) {
          c.bias[o] = (float) ((double) qb[o] * xScale * scale[o]);
        }
      }
      float yZero = scalar(n.getInput(7), c.name);
      c.relu6 = yZero == 0f;
      c.output = n.getOutput(0);
    } else {
      WeightTensor wt = floatWeight(wName, c.name);
      wDims = wt.dims;
      c.weight = wt.values;
      int oc = wDims[0];
      c.bias = new float[oc];
      if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
        float[] b = floatWeight(n.getInput(2), c.name).values;
        if (b.length != oc) {
          throw bad(c.name + ": bias has " + b.length + " values for " + oc + " channels");
        }
        c.bias = b;
      }
      c.output = n.getOutput(0);
      List<NodeProto> next = consumers.getOrDefault(c.output, List.of());
      if (next.size() == 1 && next.get(0).getOpType().equals("Clip")) {
        NodeProto clip = next.get(0);
        float[] range = clipRange(clip);
        if (Math.abs(range[0]) > RELU6_TOLERANCE || Math.abs(range[1] - 6f) > RELU6_TOLERANCE) {
          throw bad(
              clip.getName()
                  + " clips to ["
                  + range[0]
                  + ", "
                  + range[1]
                  + "]; only ReLU6 = Clip(0, 6) is supported");
        }
        c.relu6 = true;
        c.output = clip.getOutput(0);
      } else if (next.size() == 1 && next.get(0).getOpType().equals("Relu")) {
        throw bad(next.get(0).getName() + ": plain Relu is not supported in the tail, only ReLU6");
      }
    }
    if (wDims.length != 4 || wDims[2] != wDims[3]) {
      throw bad(
          c.name + ": weight shape " + java.util.Arrays.toString(wDims) + " is not square 4-D");
    }
    c.outChannels = wDims[0];
    c.inChannels = wDims[1];
    c.kernel = wDims[2];
    c.group = (int) intAttr(n, "group", 1);
    List<Long> strides = intsAttr(n, "strides", List.of(1L, 1L));
    List<Long> dil = intsAttr(n, "dilations", List.of(1L, 1L));
    List<Long> pads = intsAttr(n, "pads", List.of(0L, 0L, 0L, 0L));
    String autoPad = stringAttr(n, "auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET")) {
      throw bad(c.name + ": auto_pad=" + autoPad + " is not supported; explicit pads are required");
    }
    if (!strides.get(0).equals(strides.get(1)) || dil.get(0) != 1L || dil.get(1) != 1L) {
      throw bad(c.name + ": strides " + strides + " / dilations " + dil + " are not supported");
    }
    c.stride = (int) (long) strides.get(0);
    c.pads =
        new int[] {
          (int) (long) pads.get(0),
          (int) (long) pads.get(1),
          (int) (long) pads.get(2),
          (int) (long) pads.get(3)
        };
    return c;
  }

  private record WeightTensor(int[] dims, float[] values) {}

  /** A float32 initializer, a Constant, or a DequantizeLinear of an integer initializer. */
  private WeightTensor floatWeight(String name, String node) {
    TensorProto t = constantOrNull(name);
    if (t != null) {
      if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
        throw bad(
            node + ": weight " + name + " has data type " + t.getDataType() + ", not float32");
      }
      return new WeightTensor(dims(t), floats(t));
    }
    NodeProto p = producers.get(name);
    if (p != null && p.getOpType().equals("DequantizeLinear")) {
      TensorProto q = initializer(p.getInput(0), node);
      int[] d = dims(q);
      long axis = intAttr(p, "axis", 1);
      float[] scale = floats(initializer(p.getInput(1), node));
      float[] zp =
          p.getInputCount() > 2 && !p.getInput(2).isEmpty()
              ? floats(initializer(p.getInput(2), node))
              : new float[scale.length];
      if (scale.length > 1 && axis != 0) {
        throw bad(node + ": per-channel DequantizeLinear on axis " + axis + " is not supported");
      }
      int channels = d.length == 0 ? 1 : d[0];
      return new WeightTensor(
          d,
          OnnxTensors.dequantize(
              floats(q),
              q.getDimsList(),
              q.getName(),
              perChannel(scale, channels, node),
              perChannel(zp, channels, node),
              0));
    }
    throw bad(
        node
            + ": weight "
            + name
            + " is neither an initializer nor a DequantizeLinear of one"
            + (p == null ? "" : " (produced by " + p.getOpType() + ")"));
  }

  private float[] perChannel(float[] v, int channels, String node) {
    if (v.length == channels) {
      return v;
    }
    if (v.length == 1) {
      float[] out = new float[channels];
      java.util.Arrays.fill(out, v[0]);
      return out;
    }
    throw bad(node + ": " + v.length + " quantization parameters for " + channels + " channels");
  }

  private float[] clipRange(NodeProto clip) {
    float lo = Float.NEGATIVE_INFINITY;
    float hi = Float.POSITIVE_INFINITY;
    for (AttributeProto a : clip.getAttributeList()) {
      if (a.getName().equals("min")) {
        lo = a.getF();
      } else if (a.getName().equals("max")) {
        hi = a.getF();
      }
    }
    if (clip.getInputCount() > 1 && !clip.getInput(1).isEmpty()) {
      lo = scalar(clip.getInput(1), clip.getName());
    }
    if (clip.getInputCount() > 2 && !clip.getInput(2).isEmpty()) {
      hi = scalar(clip.getInput(2), clip.getName());
    }
    return new float[] {lo, hi};
  }

  // ------------------------------------------------------------------ tensors and attributes

  private TensorProto constantOrNull(String name) {
    TensorProto t = initializers.get(name);
    if (t != null) {
      return t;
    }
    NodeProto p = producers.get(name);
    if (p != null && p.getOpType().equals("Constant")) {
      for (AttributeProto a : p.getAttributeList()) {
        if (a.getName().equals("value")) {
          return a.getT();
        }
      }
    }
    return null;
  }

  private TensorProto initializer(String name, String node) {
    TensorProto t = constantOrNull(name);
    if (t == null) {
      throw bad(node + ": input " + name + " is not a constant initializer");
    }
    return t;
  }

  private float scalar(String name, String node) {
    float[] v = floats(initializer(name, node));
    if (v.length != 1) {
      throw bad(node + ": " + name + " has " + v.length + " values, expected a scalar");
    }
    return v[0];
  }

  private static int[] dims(TensorProto t) {
    int[] d = new int[t.getDimsCount()];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.toIntExact(t.getDims(i));
    }
    return d;
  }

  /** Any numeric tensor as floats ({@link OnnxTensors#floats}), failing with this file's name. */
  private float[] floats(TensorProto t) {
    try {
      return OnnxTensors.floats(t);
    } catch (InvalidInputException e) {
      throw bad(e.getMessage());
    }
  }

  private static long intAttr(NodeProto n, String name, long dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return dflt;
  }

  private static List<Long> intsAttr(NodeProto n, String name, List<Long> dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList();
      }
    }
    return dflt;
  }

  private static String stringAttr(NodeProto n, String name, String dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return dflt;
  }

  private InvalidInputException bad(String what) {
    return new InvalidInputException(
        String.format(
            Locale.ROOT,
            "%s: cannot read the MobileNetV2 tail: %s. Use one of the MobileNetV2 files described"
                + " in MODELS.md (the float32 card mobilenetv2-12-fp32-dequant.onnx is the"
                + " reference)",
            source,
            what));
  }
}
