package org.samplesize.features;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.io.CacheLock;
import org.samplesize.io.SealedFiles;
import org.samplesize.io.Sha256;

/**
 * Makes sub-models that end at named tensors by editing the ONNX protobuf: the tensors become the
 * graph outputs and every node, initializer and input they do not need is pruned. A quantized
 * (uint8/int8) tensor gets a {@code DequantizeLinear} appended with the scale and zero point of the
 * op that produced it, so a cut model always outputs float32. Cut models are cached on disk by
 * (model SHA-256, tensor names), each sealed with its SHA-256 and checked on every use.
 *
 * <p>Also gives the fine-tuning code a pure-Java view of the weights: {@link
 * #floatInitializers(Path, boolean)}.
 */
public final class GraphCut {
  private GraphCut() {}

  /** Ops that pass quantization parameters through unchanged. */
  private static final Set<String> PASS_THROUGH =
      Set.of(
          "Reshape",
          "Flatten",
          "Transpose",
          "Squeeze",
          "Unsqueeze",
          "Identity",
          "MaxPool",
          "Slice");

  /**
   * The sub-model that ends at one tensor, cached.
   *
   * @param model the full ONNX file
   * @param tensor the tensor that becomes the only output
   * @param cacheDir cache folder; the cut goes to {@code cacheDir/cuts/}
   * @param progress told when a cached cut is damaged and made again
   * @return the cut model file, checked against its seal
   * @throws InvalidInputException when the model has no such tensor (the message lists outputs and
   *     a few tensor names)
   */
  public static Path cut(Path model, String tensor, Path cacheDir, ProgressListener progress) {
    return cut(model, List.of(tensor), cacheDir, progress);
  }

  /**
   * The sub-model whose outputs are the given tensors (in order), cached by (model SHA-256,
   * tensors). The cached file is sealed ({@link SealedFiles}) when it is written and checked
   * against its seal on every use; a damaged, truncated or unsealed cut is made again, with one
   * note saying so, and is never used.
   *
   * @param model the full ONNX file
   * @param tensors tensors that become the outputs
   * @param cacheDir cache folder; the cut goes to {@code cacheDir/cuts/}
   * @param progress told when a cached cut is damaged and made again
   * @return the cut model file, checked against its seal
   */
  public static Path cut(
      Path model, List<String> tensors, Path cacheDir, ProgressListener progress) {
    return verifiedCut(model, tensors, cacheDir, progress).file();
  }

  /**
   * A cut model file and the SHA-256 it was checked against.
   *
   * @param file the cut model in {@code cacheDir/cuts/}
   * @param sha256 its SHA-256, matching its seal
   */
  record Cut(Path file, String sha256) {}

  @SuppressWarnings("try") // the CacheLock is held for the block, not used in it
  static Cut verifiedCut(
      Path model, List<String> tensors, Path cacheDir, ProgressListener progress) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("no tensors to cut at");
    }
    String sha = Sha256.fileUnchecked(model);
    String key = Sha256.of(sha + "\n" + String.join("\n", tensors)).substring(0, 20);
    Path dir = cacheDir.resolve("cuts");
    Path out = dir.resolve(sha.substring(0, 16) + "-" + key + ".onnx");
    // Commands sharing a cache make the same cut at once. Unordered, one would find the file
    // another has written but not sealed yet, take it for a crashed write and delete it while the
    // other uses it. So the check and the making hold the cut's CacheLock.
    try (CacheLock lock =
        CacheLock.hold(
            out, () -> progress.note("waiting for another command that makes the cut " + out))) {
      if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)
          || Files.exists(SealedFiles.sealOf(out), LinkOption.NOFOLLOW_LINKS)) {
        SealedFiles.Check c = SealedFiles.check(out);
        if (c.intact()) {
          return new Cut(out, c.sha256());
        }
        progress.note("cut model " + out + " " + c.problem() + "; making it again");
        SealedFiles.delete(out);
      }
      OnnxMl.ModelProto cut = cut(OnnxGraph.parse(model), tensors, model.toString());
      Files.createDirectories(dir);
      return new Cut(out, SealedFiles.write(out, cut::writeTo));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cut model to " + dir, e);
    }
  }

  /**
   * The output name a cut at {@code tensor} has: the tensor itself when it is float, else {@code
   * tensor + "_dequantized"}.
   *
   * @param model the full model
   * @param tensor a tensor of it
   * @return the output name in the cut model
   */
  public static String outputName(Path model, String tensor) {
    OnnxMl.GraphProto g = OnnxGraph.parse(model).getGraph();
    return quantParams(g, index(g), tensor) == null ? tensor : tensor + "_dequantized";
  }

  static OnnxMl.ModelProto cut(OnnxMl.ModelProto model, List<String> tensors, String what) {
    OnnxMl.GraphProto g = model.getGraph();
    Map<String, OnnxMl.NodeProto> producer = index(g);
    Set<String> graphInputs = new HashSet<>();
    g.getInputList().forEach(v -> graphInputs.add(v.getName()));
    Map<String, OnnxMl.TensorProto> inits = new HashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));

    List<OnnxMl.NodeProto> extra = new ArrayList<>();
    List<OnnxMl.ValueInfoProto> outputs = new ArrayList<>();
    Set<String> needed = new HashSet<>();
    for (String t : tensors) {
      if (!producer.containsKey(t) && !graphInputs.contains(t)) {
        throw new InvalidInputException(
            "model "
                + what
                + " has no tensor named '"
                + t
                + "'; its outputs are "
                + OnnxGraph.of(model).outputs()
                + " and its tensors include "
                + sampleTensors(g));
      }
      String[] q = quantParams(g, producer, t);
      needed.add(t);
      if (q == null) {
        outputs.add(floatOutput(g, t));
      } else {
        String out = t + "_dequantized";
        extra.add(
            OnnxMl.NodeProto.newBuilder()
                .setName(out)
                .setOpType("DequantizeLinear")
                .addInput(t)
                .addInput(q[0])
                .addInput(q[1])
                .addOutput(out)
                .build());
        needed.add(q[0]);
        needed.add(q[1]);
        outputs.add(typed(out, OnnxMl.TensorProto.DataType.FLOAT_VALUE));
      }
    }
    // Walk back from the outputs; nodes are topologically sorted in a valid graph.
    List<OnnxMl.NodeProto> nodes = g.getNodeList();
    boolean[] keep = new boolean[nodes.size()];
    for (int i = nodes.size() - 1; i >= 0; i--) {
      OnnxMl.NodeProto n = nodes.get(i);
      for (String o : n.getOutputList()) {
        if (needed.contains(o)) {
          keep[i] = true;
          break;
        }
      }
      if (keep[i]) {
        needed.addAll(n.getInputList());
      }
    }
    OnnxMl.GraphProto.Builder b =
        g.toBuilder().clearNode().clearInitializer().clearInput().clearOutput().clearValueInfo();
    for (int i = 0; i < nodes.size(); i++) {
      if (keep[i]) {
        b.addNode(nodes.get(i));
      }
    }
    extra.forEach(b::addNode);
    for (OnnxMl.TensorProto t : g.getInitializerList()) {
      if (needed.contains(t.getName())) {
        b.addInitializer(t);
      }
    }
    for (OnnxMl.ValueInfoProto v : g.getInputList()) {
      if (needed.contains(v.getName())) {
        b.addInput(v);
      }
    }
    for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
      if (needed.contains(v.getName()) && !tensors.contains(v.getName())) {
        b.addValueInfo(v);
      }
    }
    b.addAllOutput(outputs);
    return model.toBuilder().setGraph(b).build();
  }

  private static Map<String, OnnxMl.NodeProto> index(OnnxMl.GraphProto g) {
    Map<String, OnnxMl.NodeProto> m = new HashMap<>();
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      for (String o : n.getOutputList()) {
        m.put(o, n);
      }
    }
    return m;
  }

  private static List<String> sampleTensors(OnnxMl.GraphProto g) {
    List<String> names = new ArrayList<>();
    int step = Math.max(1, g.getNodeCount() / 12);
    for (int i = 0; i < g.getNodeCount(); i += step) {
      names.add(g.getNode(i).getOutput(0));
    }
    return names;
  }

  private static OnnxMl.ValueInfoProto floatOutput(OnnxMl.GraphProto g, String t) {
    for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
      if (v.getName().equals(t)) {
        return v;
      }
    }
    for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
      if (v.getName().equals(t)) {
        return v;
      }
    }
    for (OnnxMl.ValueInfoProto v : g.getInputList()) {
      if (v.getName().equals(t)) {
        return v;
      }
    }
    return typed(t, OnnxMl.TensorProto.DataType.FLOAT_VALUE);
  }

  private static OnnxMl.ValueInfoProto typed(String name, int elemType) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType)))
        .build();
  }

  /**
   * Scale and zero-point tensor names of a quantized tensor, or {@code null} when the tensor is
   * float. Follows shape-only ops back to the quantizing op.
   */
  static String[] quantParams(
      OnnxMl.GraphProto g, Map<String, OnnxMl.NodeProto> producer, String tensor) {
    String t = tensor;
    for (int depth = 0; depth < 16; depth++) {
      OnnxMl.NodeProto p = producer.get(t);
      if (p == null) {
        return null;
      }
      String op = p.getOpType();
      List<String> in = p.getInputList();
      switch (op) {
        case "QuantizeLinear":
          return new String[] {in.get(1), in.get(2)};
        case "QLinearConv", "QLinearMatMul", "QLinearAdd", "QLinearMul":
          return new String[] {in.get(6), in.get(7)};
        case "QLinearGlobalAveragePool",
        "QLinearAveragePool",
        "QLinearSigmoid",
        "QLinearLeakyRelu",
        "QLinearSoftmax":
          return new String[] {in.get(3), in.get(4)};
        case "QLinearConcat":
          return new String[] {in.get(0), in.get(1)};
        default:
          if (PASS_THROUGH.contains(op) && !in.isEmpty()) {
            t = in.get(0);
            continue;
          }
          if (op.startsWith("QLinear") && tensor.endsWith("_quantized")) {
            String base = tensor.substring(0, tensor.length() - "_quantized".length());
            return new String[] {base + "_scale", base + "_zero_point"};
          }
          return null;
      }
    }
    return null;
  }

  /**
   * The model's initializers as float arrays (row-major, shapes in {@link
   * OnnxGraph#initializerShapes()}).
   *
   * @param model an ONNX file
   * @param dequantize also turn quantized weights into floats: the output of every {@code
   *     DequantizeLinear} of an initializer (stored under that output's name), and the int8 weights
   *     and int32 biases of {@code QLinearConv} / {@code QLinearMatMul} (under their own names)
   * @return name → values; integer initializers that are not weights (shapes, axes) are left out
   */
  public static Map<String, float[]> floatInitializers(Path model, boolean dequantize) {
    OnnxMl.GraphProto g = OnnxGraph.parse(model).getGraph();
    Map<String, OnnxMl.TensorProto> inits = new LinkedHashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    Map<String, float[]> out = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : inits.values()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
        out.put(t.getName(), OnnxTensors.floats(t));
      }
    }
    if (!dequantize) {
      return out;
    }
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      List<String> in = n.getInputList();
      switch (n.getOpType()) {
        case "DequantizeLinear" -> {
          OnnxMl.TensorProto q = inits.get(in.get(0));
          if (q != null) {
            long axis = 1;
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
              if (a.getName().equals("axis")) {
                axis = a.getI();
              }
            }
            out.put(
                n.getOutput(0),
                OnnxTensors.dequantize(
                    q, floatsOf(inits, in.get(1)), zeroPoint(inits, in, 2), (int) axis));
          }
        }
        case "QLinearConv" -> {
          OnnxMl.TensorProto w = inits.get(in.get(3));
          float[] wScale = floatsOf(inits, in.get(4));
          if (w != null && wScale != null) {
            out.put(w.getName(), OnnxTensors.dequantize(w, wScale, zeroPoint(inits, in, 5), 0));
            float[] xScale = floatsOf(inits, in.get(1));
            if (in.size() > 8 && inits.containsKey(in.get(8)) && xScale != null) {
              float[] bias = OnnxTensors.floats(inits.get(in.get(8)));
              for (int c = 0; c < bias.length; c++) {
                bias[c] *= xScale[0] * wScale[wScale.length == 1 ? 0 : c];
              }
              out.put(in.get(8), bias);
            }
          }
        }
        case "QLinearMatMul" -> {
          OnnxMl.TensorProto b = inits.get(in.get(3));
          float[] bScale = floatsOf(inits, in.get(4));
          if (b != null && bScale != null) {
            out.put(b.getName(), OnnxTensors.dequantize(b, bScale, zeroPoint(inits, in, 5), 1));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private static float[] floatsOf(Map<String, OnnxMl.TensorProto> inits, String name) {
    OnnxMl.TensorProto t = inits.get(name);
    return t == null ? null : OnnxTensors.floats(t);
  }

  private static float[] zeroPoint(
      Map<String, OnnxMl.TensorProto> inits, List<String> in, int index) {
    if (in.size() <= index || in.get(index).isEmpty() || !inits.containsKey(in.get(index))) {
      return new float[] {0f};
    }
    return OnnxTensors.floats(inits.get(in.get(index)));
  }
}
