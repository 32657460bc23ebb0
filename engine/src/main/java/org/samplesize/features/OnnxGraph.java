package org.samplesize.features;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.InvalidInputException;

/**
 * A small pure-Java, read-only view of an ONNX graph: inputs, outputs, nodes in graph order and
 * initializer shapes. Read through the ONNX protobuf schema ({@code ai.onnx.proto.OnnxMl}), never
 * by hand. Float values of initializers: {@link GraphCut#floatInitializers(Path, boolean)}.
 */
public final class OnnxGraph {

  /**
   * A graph input or output.
   *
   * @param name tensor name
   * @param elemType ONNX element type name, e.g. {@code FLOAT}, {@code UINT8}
   * @param shape dimensions with -1 for symbolic or unknown ones, or {@code null} when the rank is
   *     unknown
   */
  public record ValueInfo(String name, String elemType, long[] shape) {
    @Override
    public String toString() {
      return name + ":" + elemType + (shape == null ? "[?]" : Arrays.toString(shape));
    }
  }

  /**
   * A node.
   *
   * @param name node name (may be empty)
   * @param opType operator, e.g. {@code Conv}
   * @param domain operator domain, empty for the default ONNX domain
   * @param inputs input tensor names (empty string = optional input left out)
   * @param outputs output tensor names
   * @param attributes scalar and list attributes: {@code Long}, {@code Float}, {@code String},
   *     {@code long[]}, {@code float[]}; other kinds are left out
   */
  public record Node(
      String name,
      String opType,
      String domain,
      List<String> inputs,
      List<String> outputs,
      Map<String, Object> attributes) {}

  private final OnnxMl.ModelProto model;
  private final List<ValueInfo> inputs;
  private final List<ValueInfo> outputs;
  private final List<Node> nodes;
  private final Map<String, long[]> initializerShapes;
  private final Map<String, String> producers = new HashMap<>();

  private OnnxGraph(OnnxMl.ModelProto model) {
    this.model = model;
    OnnxMl.GraphProto g = model.getGraph();
    Map<String, long[]> inits = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      inits.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }
    this.initializerShapes = java.util.Collections.unmodifiableMap(inits);
    List<ValueInfo> in = new ArrayList<>();
    for (OnnxMl.ValueInfoProto v : g.getInputList()) {
      if (!inits.containsKey(v.getName())) { // old IR versions list initializers as inputs too
        in.add(valueInfo(v));
      }
    }
    this.inputs = List.copyOf(in);
    this.outputs = g.getOutputList().stream().map(OnnxGraph::valueInfo).toList();
    List<Node> ns = new ArrayList<>();
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      ns.add(
          new Node(
              n.getName(),
              n.getOpType(),
              n.getDomain(),
              List.copyOf(n.getInputList()),
              List.copyOf(n.getOutputList()),
              attributes(n)));
      for (String o : n.getOutputList()) {
        producers.put(o, n.getName());
      }
    }
    this.nodes = List.copyOf(ns);
  }

  /**
   * Reads a model file.
   *
   * @param file an ONNX file
   * @return its graph
   * @throws InvalidInputException when the file is missing or not an ONNX model
   */
  public static OnnxGraph read(Path file) {
    return new OnnxGraph(parse(file));
  }

  static OnnxGraph of(OnnxMl.ModelProto model) {
    return new OnnxGraph(model);
  }

  /** What to do about a model file that does not parse. */
  private static final String DAMAGED =
      ": download it again (an interrupted download leaves a cut file), or compare its SHA-256"
          + " (sha256sum) with the one its source publishes";

  static OnnxMl.ModelProto parse(Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(isFolder("model file", file));
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("model file " + file + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(in);
      if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
        throw new InvalidInputException(
            "model file " + file + " has no graph, so it is not an ONNX model" + DAMAGED);
      }
      return m;
    } catch (IOException e) {
      // The parser's own words (a protobuf wire type or tag) help no user: the cause keeps them.
      throw new InvalidInputException(
          "model file " + file + " is damaged or not an ONNX model" + DAMAGED, e);
    }
  }

  /**
   * The message for a model path that names a folder: what to pass instead, with the {@code .onnx}
   * files the folder holds (a few).
   */
  static String isFolder(String what, Path dir) {
    List<String> onnx = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      files
          .filter(
              f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx"))
          .filter(Files::isRegularFile)
          .map(Path::toString)
          .sorted()
          .limit(3)
          .forEach(onnx::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      // the message still says what is wrong
    }
    return what
        + " "
        + dir.toAbsolutePath()
        + " is a folder, not a file; give the .onnx file itself"
        + (onnx.isEmpty() ? " (this folder holds none)" : ", e.g. " + String.join(" or ", onnx));
  }

  OnnxMl.ModelProto proto() {
    return model;
  }

  /**
   * @return graph inputs that are not initializers
   */
  public List<ValueInfo> inputs() {
    return inputs;
  }

  /**
   * @return graph outputs
   */
  public List<ValueInfo> outputs() {
    return outputs;
  }

  /**
   * @return nodes in graph order
   */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * @return initializer name → shape, in file order
   */
  public Map<String, long[]> initializerShapes() {
    return initializerShapes;
  }

  /**
   * @param name input name
   * @return the input, or {@code null}
   */
  public ValueInfo input(String name) {
    return inputs.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * @param name output name
   * @return the output, or {@code null}
   */
  public ValueInfo output(String name) {
    return outputs.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * @param name a tensor name
   * @return whether a node produces it or it is a graph input
   */
  public boolean hasTensor(String name) {
    return producers.containsKey(name) || input(name) != null;
  }

  static ValueInfo valueInfo(OnnxMl.ValueInfoProto v) {
    if (!v.hasType() || !v.getType().hasTensorType()) {
      return new ValueInfo(v.getName(), "?", null);
    }
    OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
    String type = elemTypeName(t.getElemType());
    if (!t.hasShape()) {
      return new ValueInfo(v.getName(), type, null);
    }
    long[] shape =
        t.getShape().getDimList().stream()
            .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1)
            .toArray();
    return new ValueInfo(v.getName(), type, shape);
  }

  static String elemTypeName(int code) {
    OnnxMl.TensorProto.DataType dt = OnnxMl.TensorProto.DataType.forNumber(code);
    return dt == null ? "type" + code : dt.name();
  }

  private static Map<String, Object> attributes(OnnxMl.NodeProto n) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (OnnxMl.AttributeProto a : n.getAttributeList()) {
      switch (a.getType()) {
        case INT -> out.put(a.getName(), a.getI());
        case FLOAT -> out.put(a.getName(), a.getF());
        case STRING -> out.put(a.getName(), a.getS().toStringUtf8());
        case INTS -> out.put(a.getName(), a.getIntsList().stream().mapToLong(x -> x).toArray());
        case FLOATS -> {
          float[] f = new float[a.getFloatsCount()];
          for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
          }
          out.put(a.getName(), f);
        }
        default -> {
          // tensors, graphs and sparse tensors are not needed by the callers of this view
        }
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Ops that pool every spatial position of each channel into one value: [N, C, H, W] → [N, C, 1,
   * 1].
   */
  private static final java.util.Set<String> GLOBAL_POOLS =
      java.util.Set.of("GlobalAveragePool", "QLinearGlobalAveragePool", "GlobalMaxPool");

  /** Ops that keep the shape of their first input (so a pooled tensor stays pooled). */
  private static final java.util.Set<String> SAME_SHAPE =
      java.util.Set.of(
          "DequantizeLinear",
          "QuantizeLinear",
          "Relu",
          "Clip",
          "BatchNormalization",
          "Identity",
          "Cast",
          "Add",
          "Mul",
          "QLinearAdd",
          "QLinearMul",
          "Sigmoid",
          "HardSwish",
          "HardSigmoid");

  /** Ops that drop the two 1-sized axes of a pooled tensor: [N, C, 1, 1] → [N, C]. */
  private static final java.util.Set<String> FLATTENS =
      java.util.Set.of("Flatten", "Reshape", "Squeeze");

  /**
   * The tensors that look like a pooled feature, one vector per image: shape [N, C] or [N, C, 1,
   * 1]. They come from the shapes the file declares (graph outputs and {@code value_info}) and, as
   * few exported files declare inner shapes, from the graph itself: the output of a global pool,
   * what keeps its shape after it and what flattens it. C is read from the weights of the
   * convolution that feeds the pool, or -1 when it cannot be.
   *
   * @return name and shape of each, in graph order (the element type is {@code ?} when the file
   *     does not declare it)
   */
  public List<ValueInfo> pooledFeatureCandidates() {
    Map<String, ValueInfo> declared = new LinkedHashMap<>();
    for (OnnxMl.ValueInfoProto v : model.getGraph().getValueInfoList()) {
      declared.put(v.getName(), valueInfo(v));
    }
    for (ValueInfo v : outputs) {
      declared.put(v.name(), v);
    }
    Map<String, ValueInfo> out = new LinkedHashMap<>();
    for (Node n : nodes) {
      if (n.outputs().isEmpty() || n.inputs().isEmpty()) {
        continue;
      }
      String o = n.outputs().get(0);
      ValueInfo in = out.get(n.inputs().get(0));
      long[] shape = null;
      if (GLOBAL_POOLS.contains(n.opType())) {
        shape = new long[] {-1, channelsOf(n.inputs().get(0), 0), 1, 1};
      } else if (in != null && SAME_SHAPE.contains(n.opType())) {
        shape = in.shape();
      } else if (in != null && FLATTENS.contains(n.opType())) {
        shape = new long[] {-1, in.shape()[1]};
      }
      ValueInfo d = declared.get(o);
      if (d != null && isPooled(d.shape())) {
        out.put(o, d);
      } else if (shape != null) {
        out.put(o, new ValueInfo(o, d == null ? "?" : d.elemType(), shape));
      }
    }
    for (ValueInfo d : declared.values()) {
      if (isPooled(d.shape()) && !out.containsKey(d.name())) {
        out.put(d.name(), d);
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * Whether a declared shape is one vector per image: batch first (free, or the image input's fixed
   * batch, which tells it from a 1×1 convolution's weights), then [C] or [C, 1, 1].
   */
  private boolean isPooled(long[] shape) {
    if (shape == null || !(shape.length == 2 || shape.length == 4)) {
      return false;
    }
    long[] image = inputs.isEmpty() ? null : inputs.get(0).shape();
    long batch = image == null || image.length == 0 ? -1 : image[0];
    boolean perImage = shape[0] == -1 || (batch > 0 && shape[0] == batch);
    return perImage && (shape.length == 2 || (shape[2] == 1 && shape[3] == 1));
  }

  /** The channels of a tensor, from the convolution that makes it: -1 when none is found. */
  private long channelsOf(String tensor, int depth) {
    Node p = producer(tensor);
    if (p == null || depth > 32) {
      return -1;
    }
    String weight =
        switch (p.opType()) {
          case "Conv", "ConvInteger" -> p.inputs().size() > 1 ? p.inputs().get(1) : null;
          case "QLinearConv" -> p.inputs().size() > 3 ? p.inputs().get(3) : null;
          default -> null;
        };
    if (weight != null) {
      long[] w = initializerShapes.get(weight);
      if (w == null) {
        Node dq = producer(weight); // a weight stored int8 and dequantized in the graph
        w = dq == null || dq.inputs().isEmpty() ? null : initializerShapes.get(dq.inputs().get(0));
      }
      return w == null || w.length == 0 ? -1 : w[0];
    }
    return SAME_SHAPE.contains(p.opType()) && !p.inputs().isEmpty()
        ? channelsOf(p.inputs().get(0), depth + 1)
        : -1;
  }

  private Node producer(String tensor) {
    if (producerNodes == null) {
      Map<String, Node> m = new HashMap<>();
      for (Node n : nodes) {
        for (String o : n.outputs()) {
          m.put(o, n);
        }
      }
      producerNodes = m;
    }
    return producerNodes.get(tensor);
  }

  private Map<String, Node> producerNodes;
}
