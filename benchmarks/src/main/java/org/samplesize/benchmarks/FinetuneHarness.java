package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.samplesize.train.Precision;

/**
 * Side-by-side fine-tuning benchmark in one run: the PyTorch peer ({@code peer_finetune.py}), then
 * our {@link TailTrainingBenchmark} under JMH, then the peer again, all with the same batch and
 * threads; prints training samples/s, the ratio to the peer's mean and our per-operation times
 * ({@link TrainingProfile}), writes JSON.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.FinetuneHarness [--threads 2] [--batch 64] [--peer-steps 10]
 * [--precision fp32|bf16] [--out FILE]}: {@code --precision bf16} times our bf16 products against
 * the fp32 peer.
 */
public final class FinetuneHarness {

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of("FinetuneHarness", "Fine-tuning steps, ours side by side with the peer.")
          .flag("--threads", "N", "2", "threads")
          .flag("--batch", "N", "64", "samples per step")
          .flag("--peer-steps", "N", "10", "steps the peer times")
          .flag("--precision", "fp32|bf16", "fp32", "our products' precision (the peer's is fp32)")
          .flag("--out", "FILE", "benchmarks/target/finetune-harness.json", "the JSON results");

  private FinetuneHarness() {}

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, FinetuneHarness::run);
  }

  private static void run(HarnessFlags.Values flags) throws Exception {
    int threads = flags.integer("--threads");
    int batch = flags.integer("--batch");
    int peerSteps = flags.integer("--peer-steps");
    String precision;
    try {
      precision = Precision.parse(flags.text("--precision")).label();
    } catch (IllegalArgumentException e) {
      throw flags.badValue("--precision", "fp32 or bf16");
    }
    Path out = flags.path("--out");
    Path peer = BenchData.shared().resolve("peers/peer_finetune.py");
    double peer1 = runPeer(peer, batch, threads, peerSteps);
    System.out.printf(Locale.ROOT, "peer (before): %.1f samples/s%n", peer1);

    // finetune.json → finetune-jmh.json, finetune-bf16.json → finetune-bf16-jmh.json
    Path jmhJson =
        out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + "-jmh.json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Options opt =
        new OptionsBuilder()
            .include(TailTrainingBenchmark.class.getSimpleName())
            .param("threads", Integer.toString(threads))
            .param("batch", Integer.toString(batch))
            .param("precision", precision)
            .resultFormat(ResultFormatType.JSON)
            .result(jmhJson.toString())
            .build();
    Collection<RunResult> results = new Runner(opt).run();
    RunResult r = results.iterator().next();
    double ours = r.getSecondaryResults().get("samples").getScore();
    double oursErr = r.getSecondaryResults().get("samples").getScoreError();

    // where our step's time goes (per kind of operation), for the record beside the rates
    TrainingProfile.tail(threads, batch, "block_10", 20, 1, Precision.parse(precision));

    double peer2 = runPeer(peer, batch, threads, peerSteps);
    System.out.printf(Locale.ROOT, "peer (after): %.1f samples/s%n", peer2);
    double peerMean = (peer1 + peer2) / 2;
    double ratio = ours / peerMean;
    System.out.printf(
        Locale.ROOT,
        "samplesize tail (block_10, batch %d, %d threads, %s): %.1f ± %.1f samples/s;"
            + " peer (fp32) mean %.1f; ratio %.2fx%n",
        batch,
        threads,
        precision,
        ours,
        oursErr,
        peerMean,
        ratio);
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("batch", batch);
    root.put("threads", threads);
    root.put("precision", precision);
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("samplesize_samples_per_s", ours);
    root.put("samplesize_error", oursErr);
    root.put("peer_before_samples_per_s", peer1);
    root.put("peer_after_samples_per_s", peer2);
    root.put("ratio", ratio);
    root.put("jmh_json", jmhJson.toString());
    m.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
  }

  private static double runPeer(Path script, int batch, int threads, int steps) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
    cmd.addAll(
        List.of(
            "--batch",
            Integer.toString(batch),
            "--threads",
            Integer.toString(threads),
            "--steps",
            Integer.toString(steps)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String last = null;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("{")) {
          last = line;
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || last == null) {
      throw new IllegalStateException("peer " + script + " failed (exit " + rc + ")");
    }
    JsonNode j = new ObjectMapper().readTree(last);
    return j.get("samples_per_s").asDouble();
  }
}
