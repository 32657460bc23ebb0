package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
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
 * the newest earlier committed run on the same machine that has it and flags a regression larger
 * than the spread of the repetitions; writes {@code summary.json} and {@code summary.md}. Also
 * writes the machine facts.
 *
 * <p>This class gathers the summary and is the entry point; the jobs it hands on: {@link
 * BenchFigures} reads each benchmark's raw outputs, {@link Comparison} judges a figure against the
 * previous run's, {@link SummaryMarkdown} writes the page, {@link MachineFacts} reads the machine.
 *
 * <p>Usage: {@code BenchReport machine OUT.json --root REPO [--commit SHA] [--peers PEERS.json]};
 * {@code BenchReport summarize RESULTS_DIR [--previous SUMMARY.json[,SUMMARY.json...]]} (exit 0, or
 * 3 when a regression is flagged).
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
   * @param earlier earlier runs' summary.json, oldest first; each figure is compared with the
   *     newest of them taken on the same machine ({@link MachineFacts#sameMachine}) that has it: a
   *     figure from another CPU says nothing about a change in the code
   * @return the summary (written as summary.json)
   * @throws IOException when a file cannot be read
   */
  static ObjectNode summarize(Path dir, List<JsonNode> earlier) throws IOException {
    JsonNode run = read(dir.resolve("run.json"));
    double maxLoad = run.path("max_load").asDouble();
    double maxOthers = run.path("max_others").asDouble();
    boolean forced = run.path("forced").asBoolean(false);
    ObjectNode s = JSON.createObjectNode();
    s.put("run", dir.getFileName().toString());
    s.set("settings", run);
    Path machine = dir.resolve("machine.json");
    s.set("machine", Files.isRegularFile(machine) ? read(machine) : JSON.createObjectNode());
    // Newest first, on this machine only; each figure name maps to the newest such run's figure.
    Map<String, JsonNode> prevFigures = new LinkedHashMap<>();
    Map<String, String> prevRuns = new LinkedHashMap<>();
    int elsewhere = 0;
    for (int i = earlier.size() - 1; i >= 0; i--) {
      JsonNode e = earlier.get(i);
      if (!MachineFacts.sameMachine(s.path("machine"), e.path("machine"))) {
        elsewhere++;
        continue;
      }
      for (JsonNode f : e.path("figures")) {
        String name = f.path("name").asText();
        if (!prevFigures.containsKey(name)) {
          prevFigures.put(name, f);
          prevRuns.put(name, e.path("run").asText());
        }
      }
    }
    s.put("earlier_runs_elsewhere", elsewhere);
    s.put("earlier_runs_here", earlier.size() - elsewhere);
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
        Comparison c =
            earlier.size() > elsewhere
                ? Comparison.compare(f, !load.isEmpty(), prevFigures.get(f.name()))
                : Comparison.notCompared(
                    earlier.isEmpty() ? "no earlier run" : "no earlier run on this machine");
        ObjectNode o = json(f, b, meta, c);
        if (prevRuns.containsKey(f.name()) && c.why() == null) {
          ((ObjectNode) o.path("comparison")).put("run", prevRuns.get(f.name()));
        }
        figures.add(o);
      }
    }
    java.util.TreeSet<String> compared = new java.util.TreeSet<>();
    for (JsonNode f : figures) {
      String r = f.path("comparison").path("run").asText("");
      if (!r.isEmpty()) {
        compared.add(r);
      }
    }
    ArrayNode runs = s.putArray("previous_runs");
    compared.descendingSet().forEach(runs::add);
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

  /** {@code machine OUT.json}: the machine facts. */
  static final HarnessFlags MACHINE =
      HarnessFlags.of("BenchReport", "Writes the machine facts of a benchmark run as JSON.")
          .withOperands("machine OUT.json", 2)
          .flag("--root", "DIR", ".", "the repository, for the library versions")
          .flag("--commit", "SHA", "", "the commit measured (empty: unknown)")
          .flag("--peers", "FILE", "", "the peers' versions as JSON (empty: none)");

  /** {@code summarize RESULTS_DIR}: the summary of a results folder. */
  static final HarnessFlags SUMMARIZE =
      HarnessFlags.of(
              "BenchReport",
              "Summarises a results folder of run-all.sh into summary.json and summary.md; exit 3"
                  + " when a figure regressed.")
          .withOperands("summarize RESULTS_DIR", 2)
          .flag(
              "--previous",
              "SUMMARY.json,...",
              "",
              "earlier runs' summaries, oldest first, separated by commas; each figure is compared"
                  + " with the newest one on the same machine that has it (empty: none)");

  /**
   * @param args see the class comment
   * @throws Exception when a file cannot be written
   */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs {@code machine} or {@code summarize}. A bad command line (no or an unknown mode, an
   * unknown flag, a flag without its value, a file or folder that is missing or not JSON) prints
   * one line naming the argument and the usage to {@code err}, and returns {@link
   * HarnessFlags#USAGE_ERROR}.
   *
   * @param args see the class comment
   * @param out where the summary is printed
   * @param err where a bad command line is reported
   * @return 0, {@link HarnessFlags#USAGE_ERROR} or {@link #EXIT_REGRESSION}
   * @throws Exception when a file cannot be written
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    String mode = args.length == 0 ? "" : args[0];
    switch (mode) {
      case "machine" -> {
        return MACHINE.run(args, out, err, BenchReport::machine);
      }
      case "summarize" -> {
        int[] status = {0};
        int parsed = SUMMARIZE.run(args, out, err, f -> status[0] = summarize(f, out));
        return parsed != 0 ? parsed : status[0];
      }
      case "--help", "-h" -> {
        out.print(MACHINE.usage());
        out.print(SUMMARIZE.usage());
        out.flush();
        return 0;
      }
      default -> {
        err.println(
            "BenchReport: "
                + (mode.isEmpty() || mode.startsWith("--") ? "" : "unknown mode " + mode + ": ")
                + "expected machine or summarize first");
        err.print(MACHINE.usage());
        err.print(SUMMARIZE.usage());
        err.flush();
        return HarnessFlags.USAGE_ERROR;
      }
    }
  }

  private static void machine(HarnessFlags.Values f) throws IOException {
    String peers = f.text("--peers");
    JsonNode p = peers.isEmpty() ? null : readArgument(f, "--peers");
    String commit = f.text("--commit");
    ObjectNode o = MachineFacts.machine(f.path("--root"), commit.isEmpty() ? null : commit, p);
    AtomicFiles.writeString(
        Path.of(f.operand(1)), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
  }

  private static int summarize(HarnessFlags.Values f, PrintStream out) throws IOException {
    Path dir = Path.of(f.operand(1));
    if (!Files.isDirectory(dir)) {
      throw new HarnessFlags.UsageError("RESULTS_DIR " + dir + ": no such folder");
    }
    if (!Files.isRegularFile(dir.resolve("run.json"))) {
      throw new HarnessFlags.UsageError(
          "RESULTS_DIR " + dir + ": no run.json in it (give a folder that run-all.sh wrote)");
    }
    List<JsonNode> earlier = new ArrayList<>();
    for (String p : f.text("--previous").split(",")) {
      if (!p.isBlank()) {
        earlier.add(readArgument("--previous", Path.of(p.trim())));
      }
    }
    ObjectNode s = summarize(dir, earlier);
    AtomicFiles.writeString(
        dir.resolve("summary.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n");
    String md = SummaryMarkdown.markdown(s);
    AtomicFiles.writeString(dir.resolve("summary.md"), md);
    out.print(md);
    out.flush();
    for (JsonNode fig : s.path("figures")) {
      if (fig.path("comparison").path("verdict").asText().equals("regression")) {
        return EXIT_REGRESSION;
      }
    }
    return 0;
  }

  /** The JSON file a flag names; one that is missing or not JSON is a bad command line. */
  private static JsonNode readArgument(HarnessFlags.Values f, String name) {
    return readArgument(name, f.path(name));
  }

  private static JsonNode readArgument(String name, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new HarnessFlags.UsageError(name + " " + file + ": no such file");
    }
    try {
      return read(file);
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new HarnessFlags.UsageError(name + " " + file + ": not JSON (" + why + ")");
    }
  }
}
