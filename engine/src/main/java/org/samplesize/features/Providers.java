package org.samplesize.features;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Execution-provider plumbing: turning a profile into session options, and probing once per JVM
 * whether a provider really works. Probing means opening a one-node session with the provider: the
 * GPU build of ONNX Runtime lists CUDA and TensorRT as available even on machines without a GPU,
 * and only fails when a session is made.
 */
final class Providers {
  private Providers() {}

  /** Provider name → {@code ""} when usable, else why not. Probes are slow; one per JVM. */
  private static final Map<String, String> PROBES = new ConcurrentHashMap<>();

  static OrtEnvironment env() {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    // Not released under a running batch by ONNX Runtime's own shutdown hook (EnvLifetime).
    EnvLifetime.hold(env);
    return env;
  }

  /** The ORT version string. */
  static String ortVersion() {
    return env().getVersion();
  }

  /**
   * @return {@code null} when the provider can open a session here, else the reason it cannot
   */
  static String unusableReason(String provider) {
    String r = PROBES.computeIfAbsent(provider, Providers::probe);
    return r.isEmpty() ? null : r;
  }

  private static String probe(String provider) {
    if (provider.equals("CPU")) {
      return "";
    }
    OrtProvider ort =
        provider.equals("CUDA")
            ? OrtProvider.CUDA
            : provider.equals("TENSORRT") ? OrtProvider.TENSOR_RT : null;
    if (ort == null) {
      return "unknown provider " + provider;
    }
    if (!OrtEnvironment.getAvailableProviders().contains(ort)) {
      return "this ONNX Runtime build has no "
          + provider
          + " provider (the default CPU artifact; build with -Pgpu for onnxruntime_gpu)";
    }
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      if (provider.equals("TENSORRT")) {
        o.addTensorrt(0);
      } else {
        o.addCUDA(0);
      }
      try (OrtSession s = env().createSession(probeModel(), o)) {
        return s.getNumInputs() == 1 ? "" : provider + " probe session is malformed";
      }
    } catch (Exception | UnsatisfiedLinkError e) {
      return provider + " provider failed to start: " + firstLine(e);
    }
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  /** A one-node model (Identity on a float vector) for probing providers. */
  static byte[] probeModel() {
    OnnxMl.TypeProto vec =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                    .setShape(
                        OnnxMl.TensorShapeProto.newBuilder()
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4))))
            .build();
    OnnxMl.GraphProto g =
        OnnxMl.GraphProto.newBuilder()
            .setName("probe")
            .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(vec))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(vec))
            .build();
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(g)
        .build()
        .toByteArray();
  }

  /**
   * The folders a session of this profile writes into the cache while it is made and first run:
   * TensorRT's engine and timing caches ({@code trt_*_path} options, {@code ${cache}} substituted).
   * ONNX Runtime writes them straight to their final names, so two processes building one engine at
   * once could each read the other's half-written file; {@link FeatureExtractor} holds a {@link
   * org.samplesize.io.CacheLock} on each while it opens the session.
   *
   * @param p a concrete profile
   * @param cacheDir the cache folder
   * @return the folders, sorted (the order locks are taken in); empty for CPU and CUDA
   */
  static java.util.List<Path> writtenCaches(ExecutionProfile p, Path cacheDir) {
    if (!p.provider().equals("TENSORRT")) {
      return java.util.List.of();
    }
    Map<String, String> subst = Map.of("${cache}", cacheDir.toAbsolutePath().toString());
    return p.options().entrySet().stream()
        .filter(e -> e.getKey().endsWith("_path"))
        .map(e -> Path.of(substitute(e.getValue(), subst)).toAbsolutePath().normalize())
        .sorted()
        .distinct()
        .toList();
  }

  /**
   * Session options for one concrete (non-auto) profile.
   *
   * @param quantized whether the model computes in int8 ({@link
   *     Int8Products#quantized(OnnxGraph)}): exact int8 products on a CPU without VNNI
   * @param quantizeNodes whether it has quantize/dequantize nodes ({@link
   *     Int8Products#quantizeNodes}): TensorRT's int8 mode with {@link
   *     ExecutionProfile#int8WhenQuantized()}
   */
  static OrtSession.SessionOptions options(
      ExecutionProfile p,
      int threads,
      Path cacheDir,
      String inputName,
      long[] sampleShape,
      boolean quantized,
      boolean quantizeNodes)
      throws ai.onnxruntime.OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    try {
      int intra =
          threads > 0
              ? threads
              : p.intraOpThreads() > 0
                  ? p.intraOpThreads()
                  : Runtime.getRuntime().availableProcessors();
      o.setIntraOpNumThreads(intra);
      o.setInterOpNumThreads(Math.max(1, p.interOpThreads()));
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(p.optimizationLevel()));
      o.setCPUArenaAllocator(p.cpuArena());
      o.setMemoryPatternOptimization(p.memoryPattern());
      for (Map.Entry<String, String> e : p.sessionConfig().entrySet()) {
        o.addConfigEntry(e.getKey(), e.getValue());
      }
      if (quantized && Int8Products.clampsHere()) {
        // Exact int8 products on a CPU without VNNI: its U8S8 kernels clamp (Int8Products).
        o.addConfigEntry(Int8Products.CONFIG_KEY, "1");
      }
      String sample =
          java.util.Arrays.stream(sampleShape)
              .mapToObj(Long::toString)
              .collect(java.util.stream.Collectors.joining("x"));
      Map<String, String> subst =
          Map.of(
              "${cache}", cacheDir.toAbsolutePath().toString(),
              "${input}", inputName,
              "${sample}", sample);
      switch (p.provider()) {
        case "CPU" -> {}
        case "CUDA" -> o.addCUDA(cudaOptions(p, subst));
        case "TENSORRT" -> {
          int device = Integer.parseInt(p.options().getOrDefault("device_id", "0"));
          OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(device);
          for (Map.Entry<String, String> e : p.options().entrySet()) {
            if (!e.getKey().equals("device_id")) {
              String v = substitute(e.getValue(), subst);
              if (e.getKey().endsWith("_path")) {
                java.nio.file.Files.createDirectories(Path.of(v));
              }
              trt.add(e.getKey(), v);
            }
          }
          if (p.int8WhenQuantized() && quantizeNodes) {
            trt.add("trt_int8_enable", "1");
          }
          o.addTensorrt(trt);
          // Nodes TensorRT cannot take run on CUDA rather than on the CPU.
          OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(device);
          o.addCUDA(cuda);
        }
        default -> throw new IllegalArgumentException("not a concrete provider: " + p.provider());
      }
      return o;
    } catch (ai.onnxruntime.OrtException | RuntimeException | java.io.IOException e) {
      o.close();
      if (e instanceof ai.onnxruntime.OrtException oe) {
        throw oe;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new java.io.UncheckedIOException((java.io.IOException) e);
    }
  }

  private static OrtCUDAProviderOptions cudaOptions(ExecutionProfile p, Map<String, String> subst)
      throws ai.onnxruntime.OrtException {
    int device = Integer.parseInt(p.options().getOrDefault("device_id", "0"));
    OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(device);
    for (Map.Entry<String, String> e : p.options().entrySet()) {
      if (!e.getKey().equals("device_id")) {
        cuda.add(e.getKey(), substitute(e.getValue(), subst));
      }
    }
    return cuda;
  }

  private static String substitute(String v, Map<String, String> subst) {
    String r = v;
    for (Map.Entry<String, String> e : subst.entrySet()) {
      r = r.replace(e.getKey(), e.getValue());
    }
    return r;
  }
}
