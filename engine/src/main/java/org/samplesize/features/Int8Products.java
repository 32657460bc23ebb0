package org.samplesize.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Exact int8 arithmetic for quantized backbones on every x86 CPU.
 *
 * <p>A quantized graph ({@code QLinearConv} and kin, such as the default {@code
 * mobilenetv2-12-int8}) multiplies uint8 activations by int8 weights. ONNX Runtime's x86 kernels
 * for that (U8S8) use {@code VPMADDUBSW}, which adds each pair of products in 16 bits and clamps:
 * 255 × 127 × 2 = 64,770 becomes 32,767. Only CPUs with VNNI (AVX-512 VNNI or AVX-VNNI) add them in
 * 32 bits. On an AVX2 CPU without VNNI the clamp is live and the features are not the model's: on
 * tf_flowers the int8 and float32 backbones' features agreed with a mean cosine of 0.89 rather than
 * above 0.95, and the default run answered 89.2% (87.0–90.4%) where a VNNI CPU answers 91.8%
 * (88.6–93.0%). ONNX Runtime's session entry {@value #CONFIG_KEY} rewrites each constant int8
 * weight tensor as uint8 ({@code w + 128}, its zero point moved with it: the same products) so that
 * its U8U8 kernels run, which widen to 16 bits before multiplying and never clamp. It is set
 * wherever the CPU has no VNNI; with VNNI the products are exact already and the faster kernels
 * stay. Either way the features are the same on every x86 CPU.
 */
public final class Int8Products {
  private Int8Products() {}

  /** ONNX Runtime's session entry ({@code kOrtSessionOptionsAvx2PrecisionMode}). */
  public static final String CONFIG_KEY = "session.x64quantprecision";

  /**
   * The version of a quantized model's numbers: 1 since every CPU computes exact int8 products. A
   * feature cache key and a run's identity record it for a quantized model, so that features
   * computed before (clamped on a CPU without VNNI) are neither reused nor mixed with these.
   */
  public static final int NUMBERS_VERSION = 1;

  /** The CPU flags (Linux {@code /proc/cpuinfo}) of an instruction that adds u8×s8 in 32 bits. */
  private static final Set<String> VNNI_FLAGS = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

  private static volatile Boolean clampsHere;

  /**
   * The operators besides {@code QLinear*} whose int8 weights ONNX Runtime rewrites as uint8 under
   * {@value #CONFIG_KEY} (its {@code Avx2WeightS8ToU8Transformer}): the com.microsoft ones are what
   * a dynamically quantized model holds once ONNX Runtime has fused it.
   */
  private static final Set<String> INT8_OPS =
      Set.of(
          "ConvInteger",
          "MatMulInteger",
          "MatMulIntegerToFloat",
          "DynamicQuantizeMatMul",
          "DynamicQuantizeLSTM",
          "QGemm",
          "QAttention");

  /**
   * @param g a graph
   * @return whether it computes in int8: a {@code QuantizeLinear}, a {@code QLinear*} or one of
   *     {@link #INT8_OPS}
   */
  static boolean quantized(OnnxGraph g) {
    return quantizeNodes(g)
        || g.nodes().stream().map(OnnxGraph.Node::opType).anyMatch(INT8_OPS::contains);
  }

  /**
   * @param g a graph
   * @return whether it has quantize/dequantize nodes ({@code QuantizeLinear} or a {@code QLinear*}
   *     node), for which TensorRT's int8 mode is turned on: narrower than {@link
   *     #quantized(OnnxGraph)}, whose other operators TensorRT does not take
   */
  static boolean quantizeNodes(OnnxGraph g) {
    return g.nodes().stream()
        .map(OnnxGraph.Node::opType)
        .anyMatch(op -> op.equals("QuantizeLinear") || op.startsWith("QLinear"));
  }

  /**
   * @param model an ONNX file
   * @return whether it computes in int8 ({@link #quantized(OnnxGraph)})
   */
  public static boolean quantized(Path model) {
    return quantized(OnnxGraph.read(model));
  }

  /**
   * @return whether this machine's CPU would clamp int8 products without {@value #CONFIG_KEY}: an
   *     x86 CPU not known to have VNNI (where {@code /proc/cpuinfo} cannot be read, assumed so)
   */
  static boolean clampsHere() {
    Boolean c = clampsHere;
    if (c == null) {
      String cpuinfo;
      try {
        cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
      } catch (IOException | RuntimeException e) {
        cpuinfo = null;
      }
      c = clamps(System.getProperty("os.arch", ""), cpuinfo);
      clampsHere = c;
    }
    return c;
  }

  /**
   * @param arch the JVM's {@code os.arch}
   * @param cpuinfo the text of {@code /proc/cpuinfo}, or null when it cannot be read
   * @return whether ONNX Runtime's U8S8 kernels clamp on that CPU: on x86 unless a {@code flags}
   *     line names a VNNI instruction; elsewhere (ARM, whose kernels do not clamp) never
   */
  static boolean clamps(String arch, String cpuinfo) {
    String a = arch.toLowerCase(Locale.ROOT);
    if (!(a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.matches("i[3-6]86"))) {
      return false;
    }
    if (cpuinfo == null) {
      return true;
    }
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("flags")) {
        int colon = line.indexOf(':');
        for (String flag : line.substring(colon + 1).trim().split("\\s+")) {
          if (VNNI_FLAGS.contains(flag)) {
            return false;
          }
        }
        // Every core lists the same flags: the first line tells.
        return true;
      }
    }
    return true;
  }
}
