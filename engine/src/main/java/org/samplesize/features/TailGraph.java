package org.samplesize.features;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.InvalidInputException;
import org.samplesize.train.tail.Conv1x1Spec;
import org.samplesize.train.tail.DepthwiseSpec;
import org.samplesize.train.tail.TailSpec;

/**
 * An ONNX graph indexed for {@link TailGraphReader}: initializers, producers and consumers of each
 * tensor, and the decoding of convolutions (float32, per-channel {@code DequantizeLinear} or {@code
 * QLinearConv} weights, ReLU6 as {@code Clip(0, 6)}) into float32 form. Errors name the file.
 */
final class TailGraph {

  private static final float RELU6_TOLERANCE = 1e-6f;

  final String source;
  final GraphProto graph;
  final Map<String, TensorProto> initializers = new HashMap<>();
  final Map<String, NodeProto> producers = new HashMap<>();
  final Map<String, List<NodeProto>> consumers = new HashMap<>();

  TailGraph(String source, ModelProto model) {
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

  // ------------------------------------------------------------------ convolutions

  /** A convolution in float32 form, whatever its encoding in the graph. */
  static final class ConvNode {
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

  /**
   * Reads a convolution node ({@code Conv} with float32 or dequantized weights, or {@code
   * QLinearConv}) with a following ReLU6 into float32 form.
   */
  ConvNode conv(NodeProto n) {
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

  static List<Long> intsAttr(NodeProto n, String name, List<Long> dflt) {
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

  InvalidInputException bad(String what) {
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
