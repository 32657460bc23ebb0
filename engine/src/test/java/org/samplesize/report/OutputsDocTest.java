package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.SampleSize;

/**
 * docs/outputs.md names every column {@code run} writes to {@code results.csv} ({@link
 * ResultsCsv#HEADER}) and every key {@link FitJsonWriter} writes to {@code fit.json}, in the
 * sections about those files, so the document cannot drift from the code unnoticed.
 */
class OutputsDocTest {

  private static final String DOC = "docs/outputs.md";

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("engine"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  /** The text from the heading {@code ### `name`} up to the next heading of level 2 or 3. */
  static String section(String markdown, String name) {
    String heading = "\n### `" + name + "`";
    int start = markdown.indexOf(heading);
    assertTrue(start >= 0, DOC + " has no section " + heading.strip());
    int end = markdown.length();
    for (String next : List.of("\n### ", "\n## ")) {
      int i = markdown.indexOf(next, start + heading.length());
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return markdown.substring(start, end);
  }

  /** The names that the text does not mention in backticks. */
  static List<String> undocumented(String text, Iterable<String> names) {
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      if (!text.contains("`" + n + "`")) {
        missing.add(n);
      }
    }
    return missing;
  }

  private static String doc() throws IOException {
    return Files.readString(root().resolve(DOC));
  }

  @Test
  void everyResultsColumnIsDocumented() throws IOException {
    String results = section(doc(), ResultsCsv.FILE_NAME);
    List<String> missing = new ArrayList<>();
    for (String column : ResultsCsv.HEADER) {
      // each column has its own row in the table: | `column` | meaning |
      if (!results.contains("| `" + column + "` |")) {
        missing.add(column);
      }
    }
    assertEquals(List.of(), missing, DOC + " does not describe these results.csv columns");
    assertTrue(
        results.contains(String.join(",", ResultsCsv.HEADER)),
        DOC + "'s results.csv sample does not start with the header the code writes");
  }

  @Test
  void everyFitJsonKeyIsDocumented() throws IOException {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(20)
            .withThreads(1)
            .withPredict(List.of(new SampleSize(3303, false)))
            .withTargets(List.of(0.95));
    Set<String> keys = new LinkedHashSet<>();
    Set<String> intervals = new LinkedHashSet<>();
    // The default answer, and one selected among named families (it writes keys of its own:
    // extrapolation_margin_median).
    for (FitOptions options :
        List.of(
            o,
            o.withFamilies(
                List.of(
                    org.samplesize.fit.CurveFamily.POW3, org.samplesize.fit.CurveFamily.EXP3)))) {
      List<CurveFit> fits = new LearningCurveFitter(options).fit(Examples.recipeTable());
      JsonNode root = FitJsonWriter.toJson(fits, options, "recipe", "accuracy");
      JsonNode curve = root.get("curves").get(0);
      JsonNode family = curve.get("families").get(0);
      intervals.add(curve.get("interval").asText());
      // Every object whose keys are fixed names (params, llso_ineligible and bootstrap_choices
      // are keyed by parameter and family names instead).
      for (JsonNode n :
          List.of(
              root,
              root.get("interval"),
              curve,
              curve.get("sizes").get(0),
              curve.get("predictions").get(0),
              curve.get("targets").get(0),
              family)) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
          keys.add(it.next());
        }
      }
    }
    assertTrue(keys.size() > 40, "the walk reaches the nested objects: " + keys);
    assertTrue(keys.contains("extrapolation_margin_median"), keys.toString());
    assertEquals(
        List.of(),
        undocumented(section(doc(), FitJsonWriter.FILE_NAME), keys),
        DOC + " does not describe these fit.json keys");
    // And every value of a curve's interval, those two fits' and the others.
    intervals.addAll(List.of(CurveFit.INTERVAL_CONDITIONAL, CurveFit.INTERVAL_NONE));
    assertEquals(
        List.of(CurveFit.INTERVAL_MEAN, CurveFit.INTERVAL_SELECTION),
        List.copyOf(intervals).subList(0, 2));
    assertEquals(
        List.of(),
        undocumented(section(doc(), FitJsonWriter.FILE_NAME), intervals),
        DOC + " does not describe these values of a curve's interval");
  }

  /** The table of the files run writes names each of them. */
  @Test
  void everyFileRunWritesIsInTheTable() throws IOException {
    String md = doc();
    int start = md.indexOf("\n## `samplesize run`");
    String table = md.substring(start, md.indexOf("\n### ", start));
    List<String> files =
        List.of(
            org.samplesize.experiment.Journal.FILE_NAME,
            ResultsCsv.FILE_NAME,
            FitJsonWriter.FILE_NAME,
            LearningCurvePlot.PNG,
            LearningCurvePlot.SVG,
            ClassCurvesPlot.PNG,
            HtmlReport.FILE_NAME,
            org.samplesize.experiment.Experiment.PROVENANCE_FILE,
            org.samplesize.experiment.Experiment.SETTINGS_FILE,
            org.samplesize.experiment.Experiment.VALIDATION_FILE,
            org.samplesize.experiment.Experiment.IMAGES_FILE);
    assertEquals(
        List.of(), undocumented(table, files), DOC + "'s table of run's files lacks these");
  }

  @Test
  void aNameMissingFromTheSectionIsFound() {
    // The check itself: a key outside the section, or not in backticks, counts as undocumented.
    String md = "# x\n\n### `fit.json`\n\n`input`, metric\n\n### `other`\n\n`curves`\n";
    String fit = section(md, "fit.json");
    assertEquals(
        List.of("metric", "curves"), undocumented(fit, List.of("input", "metric", "curves")));
  }
}
