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
}
