package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads each benchmark's raw outputs in a results folder (harness JSON, JMH {@code -rf json}, peer
 * JSON lines) into its {@link Figure}s: what was measured, ours and the peer's repetitions, in the
 * unit the table shows.
 *
 * <p>Apart from the summary, because each benchmark's outputs have their own layout (which JMH
 * entry, which peer field, which unit): a change to one harness changes only this class.
 */
final class BenchFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchFigures() {}

  /**
   * The figures of one benchmark from its raw outputs in {@code dir}.
   *
   * @param benchmark one of {@link BenchReport#BENCHMARKS}
   * @param dir the results folder
   * @param config the settings the script ran it with
   * @return its figures
   * @throws IOException when an output cannot be read
   */
  static List<Figure> figures(String benchmark, Path dir, String config) throws IOException {
    List<Figure> out = new ArrayList<>();
    switch (benchmark) {
      case "image" -> {
        JsonNode j = read(dir.resolve("image.json"));
        Stats ours = Stats.of(doubles(j.path("samplesizeRuns")));
        String w = j.path("threads").asText();
        out.add(
            new Figure(
                "image.pil",
                "image pipeline (decode, resize, augment, normalise)",
                "img/s",
                true,
                ours,
                "PIL + torchvision transforms, " + w + " workers",
                Stats.of(doubles(j.path("peerPilRuns"))),
                config));
        out.add(
            new Figure(
                "image.cv2",
                "image pipeline (decode, resize, augment, normalise)",
                "img/s",
                true,
                ours,
                "OpenCV (cv2), " + w + " workers",
                Stats.of(doubles(j.path("peerCv2Runs"))),
                config));
      }
      case "features" -> {
        JsonNode j = read(dir.resolve("features.json"));
        int n = j.path("repetitions").asInt();
        JsonNode peer = j.path("peer");
        Stats peerE2e = Stats.of(peer.path("end_to_end_images_per_s").asDouble());
        Stats peerPre = Stats.of(peer.path("predecoded_images_per_s").asDouble());
        for (JsonNode r : j.path("samplesize")) {
          String model = r.path("model").asText();
          String precision = model.contains("int8") ? "int8" : "fp32";
          Stats ours =
              new Stats(
                  r.path("median").asDouble(),
                  r.path("min").asDouble(),
                  r.path("max").asDouble(),
                  n);
          boolean ceiling = r.path("decode").asText().equals("excluded");
          out.add(
              new Figure(
                  "features." + precision + (ceiling ? ".ceiling" : ".e2e"),
                  ceiling
                      ? "features, pre-decoded (inference ceiling), MobileNetV2 " + precision
                      : "features end to end (JPEG to vector), MobileNetV2 " + precision,
                  "img/s",
                  true,
                  ours,
                  ceiling
                      ? "PyTorch mobilenet_v2 fp32, TorchScript, pre-decoded"
                      : "PyTorch mobilenet_v2 fp32, TorchScript, PIL decode",
                  ceiling ? peerPre : peerE2e,
                  config));
        }
      }
      case "head" -> {
        JsonNode jmh = read(dir.resolve("head-jmh.json"));
        List<JsonNode> peers = jsonLines(dir.resolve("head-peer.jsonl"));
        double[] torch =
            peers.stream().mapToDouble(p -> p.path("torch_seconds").asDouble()).toArray();
        double[] sk =
            peers.stream().mapToDouble(p -> p.path("sklearn_seconds").asDouble()).toArray();
        Stats full =
            seconds(jmhEntry(jmh, "trainPlan", Map.of("patience", "10")).path("primaryMetric"));
        Stats recipe =
            seconds(jmhEntry(jmh, "trainPlan", Map.of("patience", "3")).path("primaryMetric"));
        String title = "head plan, 20 models x 10 epochs";
        out.add(
            new Figure(
                "head.sklearn",
                title,
                "s",
                false,
                full,
                "scikit-learn LogisticRegression",
                Stats.of(sk),
                config));
        out.add(
            new Figure(
                "head.torch",
                title,
                "s",
                false,
                full,
                "PyTorch training loop",
                Stats.of(torch),
                config));
        out.add(
            new Figure(
                "head.recipe",
                "head plan, 20 models, recipe early stopping (patience 3)",
                "s",
                false,
                recipe,
                null,
                null,
                config));
      }
      case "finetune" -> {
        JsonNode h = read(dir.resolve("finetune.json"));
        JsonNode jmh = read(dir.resolve("finetune-jmh.json"));
        JsonNode samples =
            jmhEntry(jmh, "trainStep", Map.of()).path("secondaryMetrics").path("samples");
        out.add(
            new Figure(
                "finetune",
                "fine-tune tail (block_10 on, batch " + h.path("batch").asText() + "), training",
                "samples/s",
                true,
                Stats.of(raw(samples)),
                "PyTorch, BatchNorm frozen",
                Stats.of(
                    h.path("peer_before_samples_per_s").asDouble(),
                    h.path("peer_after_samples_per_s").asDouble()),
                config));
        // --precision bf16 on CPUs with AVX512-BF16 (run-all.sh runs it only there)
        if (Files.exists(dir.resolve("finetune-bf16.json"))) {
          JsonNode hb = read(dir.resolve("finetune-bf16.json"));
          JsonNode jb = read(dir.resolve("finetune-bf16-jmh.json"));
          out.add(
              new Figure(
                  "finetune-bf16",
                  "fine-tune tail (block_10 on, batch "
                      + hb.path("batch").asText()
                      + "), training, bf16 products",
                  "samples/s",
                  true,
                  Stats.of(
                      raw(
                          jmhEntry(jb, "trainStep", Map.of("precision", "bf16"))
                              .path("secondaryMetrics")
                              .path("samples"))),
                  "PyTorch fp32, BatchNorm frozen",
                  Stats.of(
                      hb.path("peer_before_samples_per_s").asDouble(),
                      hb.path("peer_after_samples_per_s").asDouble()),
                  config));
        }
      }
      case "fit" -> {
        JsonNode jmh = read(dir.resolve("fit-jmh.json"));
        List<JsonNode> peers = jsonLines(dir.resolve("fit-peer.jsonl"));
        List<Double> peerRuns = new ArrayList<>();
        for (JsonNode p : peers) {
          for (JsonNode s : p.path("all_seconds")) {
            peerRuns.add(s.asDouble());
          }
        }
        String peerB = peers.isEmpty() ? "?" : peers.get(0).path("bootstrap").asText();
        for (JsonNode e : jmh) {
          if (!e.path("benchmark").asText().endsWith(".recipeTable")) {
            continue;
          }
          JsonNode p = e.path("params");
          String b = p.path("bootstrap").asText();
          String t = p.path("threads").asText();
          boolean sideBySide = b.equals(peerB) && t.equals("1") && !peerRuns.isEmpty();
          out.add(
              new Figure(
                  "fit.recipe.b" + b + ".t" + t,
                  "fit, recipe table, every family, B = "
                      + b
                      + ", "
                      + t
                      + (t.equals("1") ? " thread" : " threads"),
                  "s",
                  false,
                  seconds(e.path("primaryMetric")),
                  sideBySide ? "SciPy curve_fit, 1 thread" : null,
                  sideBySide
                      ? Stats.of(peerRuns.stream().mapToDouble(Double::doubleValue).toArray())
                      : null,
                  config));
        }
      }
      case "wholerun" -> {
        JsonNode j = read(dir.resolve("wholerun.json"));
        out.add(
            new Figure(
                "wholerun.cold",
                "whole run, tf_flowers defaults, empty cache",
                "s",
                false,
                Stats.of(doubles(j.path("cold_seconds"))),
                null,
                null,
                config));
        out.add(
            new Figure(
                "wholerun.warm",
                "whole run, tf_flowers defaults, features cached",
                "s",
                false,
                Stats.of(doubles(j.path("warm_seconds"))),
                null,
                null,
                config));
      }
      default -> throw new IllegalArgumentException("unknown benchmark " + benchmark);
    }
    return out;
  }

  /** The JMH result of the method with these parameters. */
  private static JsonNode jmhEntry(JsonNode jmh, String method, Map<String, String> params) {
    for (JsonNode e : jmh) {
      if (!e.path("benchmark").asText().endsWith("." + method)) {
        continue;
      }
      boolean all = true;
      for (Map.Entry<String, String> p : params.entrySet()) {
        all &= p.getValue().equals(e.path("params").path(p.getKey()).asText());
      }
      if (all) {
        return e;
      }
    }
    throw new IllegalArgumentException("no JMH result for " + method + " " + params);
  }

  /** A JMH metric's repetitions in seconds (its unit is ms/op, s/op or us/op). */
  private static Stats seconds(JsonNode metric) {
    String unit = metric.path("scoreUnit").asText();
    double scale =
        switch (unit) {
          case "s/op" -> 1;
          case "ms/op" -> 1e-3;
          case "us/op" -> 1e-6;
          case "ns/op" -> 1e-9;
          default -> throw new IllegalArgumentException("a time per operation, not " + unit);
        };
    double[] v = raw(metric);
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return Stats.of(v);
  }

  /** Every measured iteration of every fork. */
  private static double[] raw(JsonNode metric) {
    List<Double> v = new ArrayList<>();
    for (JsonNode fork : metric.path("rawData")) {
      for (JsonNode x : fork) {
        v.add(x.asDouble());
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asDouble();
    }
    return v;
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** The JSON object lines of a file (peers print one JSON line last; other lines are skipped). */
  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("{")) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }
}
