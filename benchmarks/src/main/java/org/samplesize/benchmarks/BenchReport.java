package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samplesize.io.AtomicFiles;

/**
 * The arithmetic half of {@code benchmarks/run-all.sh}: turns the raw output of each side-by-side
 * benchmark (harness JSON, JMH {@code -rf json}, peer JSON lines) into figures (ours, the peer's,
 * the ratio, the spread of the repetitions), marks the figures taken under load, compares each with
 * the previous committed run and flags a regression larger than the spread of the repetitions;
 * writes {@code summary.json} and {@code summary.md}. Also writes the machine facts.
 *
 * <p>This class gathers the summary and is the entry point; the jobs it hands on: {@link
 * BenchFigures} reads each benchmark's raw outputs, {@link Comparison} judges a figure against the
 * previous run's, {@link SummaryMarkdown} writes the page, {@link MachineFacts} reads the machine.
 *
 * <p>Usage: {@code BenchReport machine OUT.json --root REPO [--commit SHA] [--peers PEERS.json]};
 * {@code BenchReport summarize RESULTS_DIR [--previous SUMMARY.json]} (exit 0, or 3 when a
 * regression is flagged).
 *
 * <p>Files read from RESULTS_DIR: {@code run.json} (mode, thresholds, forced), {@code
 * machine.json}, and per benchmark {@code NAME.meta.json} (exit code, seconds, load before and
 * after, the CPU other processes used meanwhile, settings) with its raw outputs: {@code
 * image.json}; {@code features.json}; {@code head-jmh.json} and {@code head-peer.jsonl}; {@code
 * finetune.json} and {@code finetune-jmh.json}; {@code fit-jmh.json} and {@code fit-peer.jsonl};
 * {@code wholerun.json}.
 */
public final class BenchReport {
  private BenchReport() {}

  /** Benchmarks in the order the script runs them. */
  static final List<String> BENCHMARKS =
      List.of("image", "features", "head", "finetune", "fit", "wholerun");

  /** Exit code of {@code summarize} when a regression was flagged. */
  static final int EXIT_REGRESSION = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  // ---------------------------------------------------------------- summary

  /**
   * Builds the summary of a results folder.
   *
   * @param dir the results folder
   * @param previous the previous run's summary.json, or null
   * @return the summary (written as summary.json)
   * @throws IOException when a file cannot be read
   */
  static ObjectNode summarize(Path dir, JsonNode previous) throws IOException {
    JsonNode run = read(dir.resolve("run.json"));
    double maxLoad = run.path("max_load").asDouble();
    double maxOthers = run.path("max_others").asDouble();
    boolean forced = run.path("forced").asBoolean(false);
    Map<String, JsonNode> prevFigures = new LinkedHashMap<>();
    if (previous != null) {
      for (JsonNode f : previous.path("figures")) {
        prevFigures.put(f.path("name").asText(), f);
      }
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("run", dir.getFileName().toString());
    s.set("settings", run);
    Path machine = dir.resolve("machine.json");
    s.set("machine", Files.isRegularFile(machine) ? read(machine) : JSON.createObjectNode());
    if (previous != null) {
      s.put("previous_run", previous.path("run").asText());
    } else {
      s.putNull("previous_run");
    }
    ArrayNode benchmarks = s.putArray("benchmarks");
    ArrayNode figures = s.putArray("figures");
    for (String b : BENCHMARKS) {
      Path metaFile = dir.resolve(b + ".meta.json");
      if (!Files.isRegularFile(metaFile)) {
        continue;
      }
      ObjectNode meta = (ObjectNode) read(metaFile);
      List<String> load = underLoad(meta, maxLoad, maxOthers, forced);
      meta.put("under_load", !load.isEmpty());
      meta.put("load_note", String.join("; ", load));
      benchmarks.add(meta);
      if (meta.path("exit_code").asInt() != 0) {
        continue;
      }
      List<Figure> fs;
      try {
        fs = BenchFigures.figures(b, dir, meta.path("config").asText());
      } catch (IOException | RuntimeException e) {
        meta.put("exit_code", -1);
        meta.put("error", "its output could not be read: " + e);
        continue;
      }
      for (Figure f : fs) {
        Comparison c = Comparison.compare(f, !load.isEmpty(), prevFigures.get(f.name()));
        figures.add(json(f, b, meta, c));
      }
    }
    return s;
  }

  /**
   * Why a benchmark counts as taken under load: the 1-minute load average above the threshold
   * before it started, other processes using more CPU than the threshold while it ran, or {@code
   * --force}. Empty when it was not.
   */
  static List<String> underLoad(JsonNode meta, double maxLoad, double maxOthers, boolean forced) {
    List<String> why = new ArrayList<>();
    if (forced) {
      why.add("run with --force");
    }
    double before = meta.path("load_before").asDouble(Double.NaN);
    if (!(before <= maxLoad)) {
      why.add(
          String.format(Locale.ROOT, "load average %.2f before it (limit %.2f)", before, maxLoad));
    }
    double others = meta.path("others_cores").asDouble(Double.NaN);
    if (!(others <= maxOthers)) {
      why.add(
          String.format(
              Locale.ROOT,
              "other processes used %.2f cores while it ran (limit %.2f)",
              others,
              maxOthers));
    }
    return why;
  }

  private static ObjectNode json(Figure f, String benchmark, JsonNode meta, Comparison c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", f.name());
    o.put("benchmark", benchmark);
    o.put("title", f.title());
    o.put("unit", f.unit());
    o.put("higher_is_better", f.higherIsBetter());
    o.set("ours", f.ours().json());
    if (f.peer() != null) {
      o.put("peer_name", f.peerName());
      o.set("peer", f.peer().json());
      o.put("ratio", f.ratio());
    } else {
      o.putNull("peer_name");
      o.putNull("peer");
      o.putNull("ratio");
    }
    o.put("spread", f.ours().spread());
    o.put("config", f.config());
    o.put("load_before", meta.path("load_before").asDouble());
    o.put("load_after", meta.path("load_after").asDouble());
    o.put("others_cores", meta.path("others_cores").asDouble());
    o.put("under_load", meta.path("under_load").asBoolean());
    ObjectNode cmp = o.putObject("comparison");
    cmp.put("verdict", c.verdict());
    if (c.why() != null) {
      cmp.put("why", c.why());
    } else {
      cmp.put("previous", c.previous());
      cmp.put("change_percent", c.changePercent());
      cmp.put("tolerance", c.tolerance());
    }
    return o;
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  // ---------------------------------------------------------------- entry point

  /**
   * @param args see the class comment
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: BenchReport machine OUT.json --root DIR [--commit SHA] [--peers FILE]"
              + " | summarize DIR [--previous SUMMARY.json]");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 2; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    switch (args[0]) {
      case "machine" -> {
        String peers = flags.get("--peers");
        JsonNode p = peers == null ? null : read(Path.of(peers));
        ObjectNode o =
            MachineFacts.machine(
                Path.of(flags.getOrDefault("--root", ".")), flags.get("--commit"), p);
        AtomicFiles.writeString(
            Path.of(args[1]), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
      }
      case "summarize" -> {
        Path dir = Path.of(args[1]);
        String prev = flags.get("--previous");
        JsonNode previous = prev == null || prev.isEmpty() ? null : read(Path.of(prev));
        ObjectNode s = summarize(dir, previous);
        AtomicFiles.writeString(
            dir.resolve("summary.json"),
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n");
        String md = SummaryMarkdown.markdown(s);
        AtomicFiles.writeString(dir.resolve("summary.md"), md);
        System.out.print(md);
        boolean regression = false;
        for (JsonNode f : s.path("figures")) {
          regression |= f.path("comparison").path("verdict").asText().equals("regression");
        }
        if (regression) {
          System.exit(EXIT_REGRESSION);
        }
      }
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }
}
