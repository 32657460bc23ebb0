package org.samplesize.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.samplesize.io.AtomicFiles;

/**
 * Keeps the figures in {@code docs/benchmarks.md} those of one run of {@code
 * benchmarks/run-all.sh}: the doc holds the run's {@code summary.md} verbatim between two markers,
 * and the opening marker names the results folder it came from. {@code run-all.sh} calls {@link
 * #main} after a full run on an idle machine (every benchmark, not {@code --quick}, not {@code
 * --force}), so that every figure in the doc comes from one such run and a newer run replaces the
 * older figures as a whole.
 *
 * <p>Usage: {@code BenchDoc DOC.md RESULTS_DIR} where RESULTS_DIR is given relative to the
 * repository root (it is written into the marker).
 */
public final class BenchDoc {
  private BenchDoc() {}

  /** The opening marker; its group 1 is the results folder. */
  static final Pattern BEGIN = Pattern.compile("<!-- BEGIN run-all summary: (\\S+) -->\\n");

  /** The closing marker. */
  static final String END = "<!-- END run-all summary -->";

  /**
   * The doc with the block between the markers replaced by {@code summary}.
   *
   * @param doc the doc's text; it must hold both markers
   * @param folder the results folder, relative to the repository root
   * @param summary the folder's {@code summary.md}
   * @return the new text
   * @throws IllegalArgumentException when a marker is missing
   */
  static String replace(String doc, String folder, String summary) {
    Matcher m = BEGIN.matcher(doc);
    int end = doc.indexOf(END);
    if (!m.find() || end < m.end()) {
      throw new IllegalArgumentException(
          "the doc has no '<!-- BEGIN run-all summary: FOLDER -->' ... '" + END + "' block");
    }
    String body = summary.endsWith("\n") ? summary : summary + "\n";
    return doc.substring(0, m.start())
        + "<!-- BEGIN run-all summary: "
        + folder
        + " -->\n"
        + body
        + doc.substring(end);
  }

  /**
   * The block between the markers and the folder the opening marker names.
   *
   * @param doc the doc's text
   * @return the folder and the block, or empty when the markers are missing
   */
  static Optional<String[]> block(String doc) {
    Matcher m = BEGIN.matcher(doc);
    int end = doc.indexOf(END);
    if (!m.find() || end < m.end()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {m.group(1), doc.substring(m.end(), end)});
  }

  /**
   * Whether a results folder holds a run the doc may show: every benchmark, full size, not forced,
   * with a summary.
   *
   * @param folder a {@code benchmarks/results/NAME} folder
   * @return true for a full idle run
   * @throws IOException when run.json cannot be read
   */
  static boolean fullIdleRun(Path folder) throws IOException {
    Path run = folder.resolve("run.json");
    if (!Files.isRegularFile(run) || !Files.isRegularFile(folder.resolve("summary.md"))) {
      return false;
    }
    JsonNode r = new ObjectMapper().readTree(run.toFile());
    List<String> only = List.of(r.path("only").asText().split(","));
    return !r.path("quick").asBoolean(true)
        && !r.path("forced").asBoolean(true)
        && only.containsAll(BenchReport.BENCHMARKS);
  }

  /**
   * The newest full idle run under a results parent folder, by the natural order of the folder
   * names ({@code 2026-12-05} before {@code 2026-12-05-2}).
   *
   * @param results the parent folder
   * @return the newest such folder, if any
   * @throws IOException when the folder cannot be listed
   */
  static Optional<Path> newestFullRun(Path results) throws IOException {
    List<Path> runs = new ArrayList<>();
    try (Stream<Path> s = Files.list(results)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isDirectory(p) && fullIdleRun(p)) {
          runs.add(p);
        }
      }
    }
    return runs.stream().max(Comparator.comparing(BenchDoc::sortKey));
  }

  private static String sortKey(Path p) {
    String name = p.getFileName().toString();
    Matcher m = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:-(\\d+))?").matcher(name);
    if (!m.matches()) {
      return name;
    }
    int n = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
    return m.group(1) + String.format("-%06d", n);
  }

  /**
   * @param args {@code DOC.md RESULTS_DIR}
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: BenchDoc DOC.md RESULTS_DIR");
    }
    Path doc = Path.of(args[0]);
    Path folder = Path.of(args[1]);
    String summary = Files.readString(folder.resolve("summary.md"), StandardCharsets.UTF_8);
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    AtomicFiles.writeString(doc, replace(text, args[1], summary));
    System.out.println("run-all.sh: " + doc + " now shows " + folder);
  }
}
