package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.cli.Cli;

/**
 * {@code run --target} on generated data writes the per-class answers and the labelling plan in
 * stdout, {@code results.csv}, {@code fit.json} and the report; {@code fit} on that results table
 * does the same.
 */
class PerClassRunTest {
  @TempDir static Path dir;
  static Path data;
  static Path model;

  @BeforeAll
  static void fixtures() throws Exception {
    data = TinyData.images(dir.resolve("data"), 60, 7);
    model = TinyData.model(dir);
  }

  @Test
  void runWithATargetWritesPerClassAnswersAndAPlanAndFitReadsThemBack() throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r =
        TinyRun.of(data, model, out, dir.resolve("cache"))
            .head()
            .and("--target", "0.9", "--repeats", "3", "--bootstrap", "200")
            .run();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Per class: every class is expected to reach 90% recall"), r.out());
    assertTrue(r.out().contains("Labelling plan for 90% accuracy: "), r.out());

    String header = Files.readAllLines(out.resolve("results.csv")).get(0);
    for (String col : List.of("train_n[blue]", "test_n[green]", "recall[red]", "precision[blue]")) {
      assertTrue(header.contains(col), header);
    }
    JsonNode fit = new ObjectMapper().readTree(out.resolve("fit.json").toFile());
    JsonNode pc = fit.get("per_class");
    assertTrue(pc.get("missing").isNull(), pc.toString());
    assertEquals(0.9, pc.get("target_recall").asDouble());
    assertEquals(3, pc.get("classes").size());
    JsonNode first = pc.get("classes").get(0);
    assertEquals("training set", first.get("images_from").asText());
    // 60 images per class, 70% of them in the training set.
    assertEquals(42, first.get("images").asInt());
    assertTrue(first.has("recall_with_all_images") && first.has("target"), first.toString());
    assertTrue(first.path("precision_with_all_images").has("precision"), first.toString());
    assertEquals(1, fit.get("labelling_plans").size());
    JsonNode plan = fit.get("labelling_plans").get(0);
    assertEquals(0.9, plan.get("target").asDouble());
    assertEquals(3, plan.get("classes").size());
    assertTrue(plan.get("text").asText().startsWith("Labelling plan"), plan.toString());
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<h2>Per class</h2>"), "report has the per-class section");
    assertTrue(html.contains("Labelling plan"), "report has the plan");
    assertTrue(
        html.contains("The plan reads the per-class curves, so its total can differ"),
        "the plan says why its total is not the overall answer");
    assertTrue(Files.size(out.resolve("per-class-curves.png")) > 1000);
    // when the run ran, as provenance.json has it, to the second
    JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
    String started = prov.get("started").asText();
    assertTrue(
        html.contains("<td class=\"l\">run</td><td class=\"l\">" + started.substring(0, 19)),
        html.substring(html.indexOf("<h2>Provenance")));
    // The footer names every file the run wrote beside the page (it left out the plots and
    // unreadable-images.json), and no other.
    java.util.regex.Matcher footer =
        java.util.regex.Pattern.compile("Files beside this page: (.*)\\.</p>").matcher(html);
    assertTrue(footer.find(), "report has the files footer");
    // each a link to the file
    java.util.List<String> linked =
        java.util.regex.Pattern.compile("<a href=\"([^\"]+)\">\\1</a>")
            .matcher(footer.group(1))
            .results()
            .map(m -> m.group(1))
            .sorted()
            .toList();
    try (var files = Files.list(out)) {
      assertEquals(
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> !f.equals("report.html") && !f.startsWith("."))
              .sorted()
              .toList(),
          linked);
    }

    // fit on the run's results table gives the same per-class answers.
    Path refit = dir.resolve("refit");
    Cli.Result refitRun =
        Cli.run(
            "fit",
            "--results",
            out.resolve("results.csv").toString(),
            "--out",
            refit.toString(),
            "--target",
            "0.9",
            "--bootstrap",
            "200");
    assertEquals(0, refitRun.code(), refitRun.err());
    assertTrue(
        refitRun.out().contains("Per class: every class is expected to reach"), refitRun.out());
    assertTrue(refitRun.out().contains("Labelling plan for 90% accuracy"), refitRun.out());
    JsonNode again = new ObjectMapper().readTree(refit.resolve("fit.json").toFile());
    assertEquals(3, again.get("per_class").get("classes").size());
    // Without the plan's split, fit estimates each class's images from the largest fraction.
    assertEquals(
        "estimated from the largest fraction",
        again.get("per_class").get("classes").get(0).get("images_from").asText());
    assertTrue(Files.exists(refit.resolve("per-class-curves.png")));
  }
}
