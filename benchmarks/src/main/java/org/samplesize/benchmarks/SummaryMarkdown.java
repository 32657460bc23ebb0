package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's summary ({@code summary.json} as {@link BenchReport#summarize} builds it) as the
 * markdown page {@code summary.md}: the machine and settings, one table row per figure (ours, the
 * peer's, the ratio, the spread, the load, the verdict against the previous run) and the benchmarks
 * that failed.
 *
 * <p>Apart from the summary, because it reads only the written summary: the page's wording and
 * layout can change without touching how figures are gathered or compared.
 */
final class SummaryMarkdown {

  private SummaryMarkdown() {}

  /**
   * The summary as a markdown table, for {@code docs/benchmarks.md}.
   *
   * @param s the summary
   * @return markdown
   */
  static String markdown(JsonNode s) {
    StringBuilder sb = new StringBuilder();
    JsonNode set = s.path("settings");
    JsonNode m = s.path("machine");
    sb.append("# Benchmark run ")
        .append(s.path("run").asText())
        .append(set.path("quick").asBoolean() ? " (quick: few repetitions, small inputs)" : "")
        .append("\n\n");
    sb.append("- Machine: ")
        .append(m.path("cpu").asText("?"))
        .append(m.has("cpu_id") ? " (" + m.path("cpu_id").asText() + ")" : "")
        .append(", ")
        .append(m.path("cores").asText("?"))
        .append(" cores (")
        .append(
            m.path("cpu_flags").isArray() && !m.path("cpu_flags").isEmpty()
                ? join(m.path("cpu_flags"))
                : "no AVX-512")
        .append("), ")
        .append(m.path("memory_gib").asText("?"))
        .append(" GiB; ")
        .append(m.path("os").asText("?"))
        .append("; ")
        .append(m.path("jdk").asText("?"))
        .append('\n');
    sb.append("- Commit ")
        .append(m.path("commit").asText("?"))
        .append("; ")
        .append(libraries(m.path("libraries")))
        .append('\n');
    sb.append("- Peers (run with /usr/bin/python3, same threads): ")
        .append(libraries(m.path("peers")))
        .append('\n');
    sb.append(
            String.format(
                Locale.ROOT,
                "- %d threads; a figure counts as taken under load when the 1-minute load average"
                    + " before it was above %.2f or other processes used more than %.2f cores while"
                    + " it ran%s\n",
                set.path("threads").asInt(),
                set.path("max_load").asDouble(),
                set.path("max_others").asDouble(),
                set.path("forced").asBoolean()
                    ? "; this run was forced: every figure is marked"
                    : ""))
        .append("- Compared with: ")
        .append(comparedWith(s))
        .append(
            "; a regression is a median worse by more than the spread (max − min) of the"
                + " repetitions, the larger of the two runs'\n\n");
    sb.append(
        "| benchmark | ours | peer | ratio | spread (n) | load before / after / others |"
            + " vs previous |\n|---|---|---|---|---|---|---|\n");
    for (JsonNode f : s.path("figures")) {
      Stats ours = Stats.fromJson(f.path("ours"));
      sb.append("| ")
          .append(f.path("title").asText())
          .append(" (")
          .append(f.path("unit").asText())
          .append(
              f.path("higher_is_better").asBoolean() ? ", higher is better" : ", lower is better")
          .append(")")
          .append(f.path("under_load").asBoolean() ? " **under load**" : "")
          .append(" | ")
          .append(num(ours.median()))
          .append(" | ");
      if (f.path("peer").isObject()) {
        sb.append(num(f.path("peer").path("median").asDouble()))
            .append(" (")
            .append(f.path("peer_name").asText())
            .append(") | ")
            .append(String.format(Locale.ROOT, "%.2f×", f.path("ratio").asDouble()));
      } else {
        sb.append("– | –");
      }
      sb.append(" | ")
          .append(
              ours.median() == 0
                  ? num(ours.spread())
                  : String.format(Locale.ROOT, "%.1f%%", 100 * ours.spread() / ours.median()))
          .append(" (")
          .append(ours.n())
          .append(") | ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.2f / %.2f / %.2f",
                  f.path("load_before").asDouble(),
                  f.path("load_after").asDouble(),
                  f.path("others_cores").asDouble()))
          .append(" | ")
          .append(verdict(f.path("comparison")))
          .append(" |\n");
    }
    List<String> failed = new ArrayList<>();
    for (JsonNode b : s.path("benchmarks")) {
      if (b.path("exit_code").asInt() != 0) {
        failed.add(
            b.path("name").asText()
                + " (exit "
                + b.path("exit_code").asInt()
                + (b.hasNonNull("error") ? ": " + b.path("error").asText() : "")
                + ")");
      }
    }
    if (!failed.isEmpty()) {
      sb.append("\nFailed, no figures: ").append(String.join(", ", failed)).append('\n');
    }
    sb.append(
        "\nRatio: how many times faster ours is than the peer (above 1: ours is faster)."
            + " Load after is high by nature (the benchmark itself kept the cores busy); others is"
            + " the CPU, in cores, that other processes used while the benchmark ran.\n");
    return sb.toString();
  }

  /**
   * The earlier runs the figures were compared with, and how many earlier runs were not, being from
   * another machine.
   */
  private static String comparedWith(JsonNode s) {
    List<String> runs = new ArrayList<>();
    s.path("previous_runs").forEach(r -> runs.add(r.asText()));
    String with =
        runs.isEmpty()
            ? s.path("earlier_runs_here").asInt(0) > 0
                // Earlier runs on this machine lack every figure, or none could be compared (load,
                // other settings, one repetition): each figure's line says why.
                ? "no figure compared with the earlier runs on this machine (each figure says why)"
                : "no earlier run on this machine"
            : "for each figure the newest earlier run on this machine (CPU, its family and model,"
                + " cores, vector units) that has it: "
                + String.join(", ", runs);
    int elsewhere = s.path("earlier_runs_elsewhere").asInt(0);
    return elsewhere == 0
        ? with
        : with
            + " ("
            + elsewhere
            + (elsewhere == 1 ? " earlier run" : " earlier runs")
            + " on another machine not compared)";
  }

  private static String verdict(JsonNode c) {
    String v = c.path("verdict").asText();
    if (v.equals("not compared")) {
      return "not compared: " + c.path("why").asText();
    }
    String change =
        String.format(Locale.ROOT, "%+.1f%%", c.path("change_percent").asDouble())
            + (c.has("run") ? " against " + c.path("run").asText() : "");
    return switch (v) {
      case "regression" -> "**REGRESSION** " + change + " (beyond the spread)";
      case "improvement" -> "improvement " + change;
      default -> "unchanged (" + change + ", within the spread)";
    };
  }

  private static String libraries(JsonNode o) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      parts.add(e.getKey() + " " + (e.getValue().isNull() ? "missing" : e.getValue().asText()));
    }
    return parts.isEmpty() ? "?" : String.join(", ", parts);
  }

  private static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(x -> parts.add(x.asText()));
    return String.join(", ", parts);
  }

  /** Three significant digits or so. */
  static String num(double v) {
    double a = Math.abs(v);
    String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, f, v);
  }
}
