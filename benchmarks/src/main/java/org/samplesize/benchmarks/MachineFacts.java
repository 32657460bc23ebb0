package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of the machine a benchmark run was taken on ({@code BenchReport machine}): CPU, vector
 * units, memory, OS, JDK, library and peer versions, written to {@code machine.json} before the
 * benchmarks run and printed at the head of the summary.
 *
 * <p>Apart from the summary, because it reads the machine ({@code /proc}, system properties, the
 * POM) while everything else of the report reads only the results folder.
 */
final class MachineFacts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MachineFacts() {}

  /**
   * Machine facts: CPU model, cores, the vector flags that matter for inference (AVX-512, VNNI,
   * BF16, AMX), memory, OS, JDK, the native library versions from the POM, the peers' versions.
   *
   * @param root the repository root (its pom.xml names the library versions)
   * @param commit the git commit, or null
   * @param peers the peers' versions as JSON (name → version or null), or null
   * @return the facts
   * @throws IOException when the POM cannot be read
   */
  static ObjectNode machine(Path root, String commit, JsonNode peers) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
    o.put("cpu", firstField(cpuinfo, "model name"));
    String id = cpuId(cpuinfo);
    if (!id.isEmpty()) {
      o.put("cpu_id", id);
    }
    o.put("cores", Runtime.getRuntime().availableProcessors());
    o.set("cpu_flags", JSON.valueToTree(vectorFlags(firstField(cpuinfo, "flags"))));
    String mem = firstField(readOrEmpty(Path.of("/proc/meminfo")), "MemTotal");
    Matcher kb = Pattern.compile("(\\d+)").matcher(mem);
    if (kb.find()) {
      o.put("memory_gib", Math.round(Long.parseLong(kb.group(1)) / 1048576.0 * 10) / 10.0);
    }
    String os =
        firstField(readOrEmpty(Path.of("/etc/os-release")).replace("=", ":"), "PRETTY_NAME");
    o.put(
        "os",
        (os.isEmpty() ? System.getProperty("os.name") : os.replace("\"", ""))
            + " "
            + System.getProperty("os.arch"));
    o.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")");
    o.put("commit", commit == null ? "?" : commit);
    o.set("libraries", pomVersions(Files.readString(root.resolve("pom.xml"))));
    o.set("peers", peers == null ? JSON.createObjectNode() : peers);
    return o;
  }

  /**
   * The processor's vendor, family, model and stepping from {@code /proc/cpuinfo} ("AuthenticAMD
   * family 25 model 1 stepping 1"), which tell two processors apart where the model name does not:
   * a cloud machine's is often only "AMD EPYC", for a Zen 3 core without AVX-512 and a Zen 4 core
   * with it alike.
   *
   * @return the identity, or empty where cpuinfo names no family
   */
  static String cpuId(String cpuinfo) {
    String family = firstField(cpuinfo, "cpu family");
    if (family.isEmpty()) {
      return "";
    }
    return (firstField(cpuinfo, "vendor_id")
            + " family "
            + family
            + " model "
            + firstField(cpuinfo, "model")
            + " stepping "
            + firstField(cpuinfo, "stepping"))
        .trim();
  }

  /**
   * Whether two runs' machine facts name the same machine, so that their figures may be compared:
   * the same CPU model name, cores and vector flags, and the same {@link #cpuId} where both runs
   * recorded one (runs before it was recorded lack it). Memory, OS, JDK and library versions may
   * differ: a slower library is what a comparison is there to catch.
   *
   * @param a one run's machine.json
   * @param b the other's
   * @return true when they are the same machine
   */
  static boolean sameMachine(JsonNode a, JsonNode b) {
    if (!a.path("cpu").asText("").equals(b.path("cpu").asText(""))
        || a.path("cores").asInt(-1) != b.path("cores").asInt(-2)
        || !a.path("cpu_flags").equals(b.path("cpu_flags"))) {
      return false;
    }
    return !a.has("cpu_id") || !b.has("cpu_id") || a.path("cpu_id").equals(b.path("cpu_id"));
  }

  /** The flags of interest present in a {@code /proc/cpuinfo} flags line, in a fixed order. */
  static List<String> vectorFlags(String flags) {
    TreeSet<String> have = new TreeSet<>(Arrays.asList(flags.trim().split("\\s+")));
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("avx2", "AVX2");
    shown.put("avx512f", "AVX-512");
    shown.put("avx512_vnni", "AVX-512 VNNI");
    shown.put("avx_vnni", "AVX-VNNI");
    shown.put("avx512_bf16", "AVX-512 BF16");
    shown.put("amx_bf16", "AMX-BF16");
    shown.put("amx_int8", "AMX-INT8");
    List<String> out = new ArrayList<>();
    shown.forEach(
        (flag, name) -> {
          if (have.contains(flag)) {
            out.add(name);
          }
        });
    return out;
  }

  /** ONNX Runtime, JavaCPP, OpenCV, OpenBLAS, JMH versions from the parent POM's properties. */
  static ObjectNode pomVersions(String pom) {
    Map<String, String> props = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<([A-Za-z0-9.-]+)\\.version>([^<]+)</").matcher(pom);
    while (m.find()) {
      props.put(m.group(1), m.group(2).trim());
    }
    ObjectNode o = JSON.createObjectNode();
    Map<String, String> names = new LinkedHashMap<>();
    names.put("onnxruntime", "ONNX Runtime");
    names.put("javacpp", "JavaCPP");
    names.put("opencv", "OpenCV");
    names.put("openblas", "OpenBLAS");
    names.put("jmh", "JMH");
    names.forEach(
        (key, name) -> {
          String v = props.get(key);
          if (v != null) {
            for (int i = 0; i < 5 && v.contains("${"); i++) {
              Matcher ref = Pattern.compile("\\$\\{([A-Za-z0-9.-]+)\\.version}").matcher(v);
              StringBuilder sb = new StringBuilder();
              while (ref.find()) {
                ref.appendReplacement(
                    sb, Matcher.quoteReplacement(props.getOrDefault(ref.group(1), ref.group())));
              }
              ref.appendTail(sb);
              v = sb.toString();
            }
            o.put(name, v);
          }
        });
    return o;
  }

  private static String firstField(String text, String key) {
    for (String line : text.split("\n")) {
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).trim().equals(key)) {
        return line.substring(c + 1).trim();
      }
    }
    return "";
  }

  private static String readOrEmpty(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
