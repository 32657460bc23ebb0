package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.samplesize.BenchRow;
import org.samplesize.ProgressListener;
import org.samplesize.features.FeatureBench;
import org.samplesize.features.ModelCard;

/**
 * Side-by-side feature benchmark: our end-to-end (JPEG → features) and pre-decoded ceiling for the
 * zoo int8 and fp32 models, then the PyTorch peer ({@code peer_features.py}) with the same batch,
 * threads and images, in the same run; prints ratios and writes JSON.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.FeaturesHarness [--threads 2] [--batch 64] [--images 512] [--reps 3]
 * [--out FILE]}
 */
public final class FeaturesHarness {
  private FeaturesHarness() {}

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int threads = 2;
    int batch = 64;
    int images = 512;
    int reps = 3;
    Path out = Path.of("benchmarks/target/features-harness.json");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--images" -> images = Integer.parseInt(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    List<Path> files = BenchData.sample(images);
    Path cache = Files.createTempDirectory("samplesize-harness");
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("threads", threads);
    root.put("batch", batch);
    root.put("images", images);
    root.put("repetitions", reps);
    root.put("cores", Runtime.getRuntime().availableProcessors());
    ArrayNode ours = root.putArray("samplesize");
    List<String> lines = new ArrayList<>();
    double bestE2e = 0;
    for (String name : List.of("mobilenetv2-12-int8", "mobilenetv2-12-fp32-dequant")) {
      ModelCard card = ModelCard.load(name);
      List<BenchRow> rows =
          FeatureBench.run(
              card,
              BenchData.model(card.file()),
              files,
              new FeatureBench.Settings(List.of("cpu"), List.of(batch), threads, 1, reps, images),
              cache,
              ProgressListener.NONE);
      double ceiling = Double.NaN;
      double e2e = Double.NaN;
      for (BenchRow r : rows) {
        ObjectNode o = ours.addObject();
        o.put("model", name);
        o.put("decode", r.decode());
        o.put("median", r.median());
        o.put("min", r.min());
        o.put("max", r.max());
        if (r.decode().equals("excluded")) {
          ceiling = r.median();
        } else {
          e2e = r.median();
        }
      }
      bestE2e = Math.max(bestE2e, e2e);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-28s ceiling %7.1f img/s   end-to-end %7.1f img/s   e2e/ceiling %5.1f%%",
              name,
              ceiling,
              e2e,
              100 * e2e / ceiling));
      ObjectNode ratio = root.with("ratios").putObject(name);
      ratio.put("endToEndOverCeiling", e2e / ceiling);
      ratio.put("ceiling", ceiling);
      ratio.put("endToEnd", e2e);
    }
    JsonNode peer = runPeer(threads, batch, images);
    root.set("peer", peer);
    double peerE2e = peer.path("end_to_end_images_per_s").asDouble(Double.NaN);
    double peerPre = peer.path("predecoded_images_per_s").asDouble(Double.NaN);
    for (String name : List.of("mobilenetv2-12-int8", "mobilenetv2-12-fp32-dequant")) {
      ObjectNode r = (ObjectNode) root.path("ratios").path(name);
      r.put("endToEndOverPeerEndToEnd", r.path("endToEnd").asDouble() / peerE2e);
      r.put("ceilingOverPeerPredecoded", r.path("ceiling").asDouble() / peerPre);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-28s vs peer: end-to-end %.1fx, pre-decoded %.1fx",
              name,
              r.path("endToEnd").asDouble() / peerE2e,
              r.path("ceiling").asDouble() / peerPre));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "peer (torch mobilenet_v2, TorchScript, %d threads, batch %d): pre-decoded %.1f img/s,"
                + " end-to-end %.1f img/s",
            threads,
            batch,
            peerPre,
            peerE2e));
    lines.forEach(System.out::println);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    m.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    System.out.println("JSON: " + out.toAbsolutePath());
  }

  private static JsonNode runPeer(int threads, int batch, int images) throws Exception {
    Path script = BenchData.shared().resolve("peers/peer_features.py");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                BenchData.flowers().toString(),
                "--batch",
                Integer.toString(batch),
                "--threads",
                Integer.toString(threads),
                "--images",
                Integer.toString(images))
            .redirectErrorStream(true);
    pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    Process p = pb.start();
    String last = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("{")) {
          last = line;
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || last.isEmpty()) {
      throw new IllegalStateException("peer " + script + " failed (exit " + rc + ")");
    }
    return new ObjectMapper().readTree(last);
  }
}
