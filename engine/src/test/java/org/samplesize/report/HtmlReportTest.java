package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  /**
   * The headline printed 0.886768 as 88.6% (outwards) and the validation text as 88.7% (to
   * nearest): every printed interval rounds outwards, in every table and sentence of the page.
   */
  @Test
  void everyPrintedIntervalRoundsOutwards() {
    FitSummary.Prediction p = new FitSummary.Prediction(3303, 0.91842, 0.886768, 0.931801);
    HtmlReport.Page bare =
        bare(
            null,
            List.of(
                new FitSummary.Curve(
                    "head",
                    "pow3",
                    List.of(
                        new FitSummary.Family(
                            "pow3", "c - a·n^-alpha", "c=0.9", -50, 0.01, p, true)),
                    p,
                    true)));
    org.samplesize.fit.Prediction recall =
        new org.samplesize.fit.Prediction(577, 0.856941, 0.78759, 0.89541);
    org.samplesize.classes.ClassAnswer roses =
        new org.samplesize.classes.ClassAnswer(
            "head",
            "roses",
            577,
            org.samplesize.classes.ClassAnswer.FROM_TRAINING_SET,
            0.174,
            289,
            0.8125,
            0.888,
            recall,
            new org.samplesize.fit.TargetEstimate(
                0.92, Double.NaN, 808, Double.POSITIVE_INFINITY, false, 0.9075936),
            null,
            null,
            recall);
    HtmlReport.Page page =
        new HtmlReport.Page(
            bare.answer(),
            bare.moreAnswers(),
            0.9,
            bare.dataset(),
            bare.timings(),
            null,
            null,
            bare.curves(),
            List.of(),
            List.of(),
            List.of(new FitSummary.Validation("head", 3303, 0.91842, 0.886768, 0.931801, 0.91008)),
            Map.of(),
            Map.of(),
            new org.samplesize.classes.ClassReport(
                "results.csv", 0.92, 0.9, List.of(roses), List.of(), null),
            null);
    String html = HtmlReport.render(page);
    // the validation in the console's words
    assertTrue(
        html.contains(
            "<p>Validation: measured 91.0% with all 3,303 training images (inside the"
                + " interval).</p>"),
        html);
    assertFalse(html.contains("Predicted at n ="), html);
    assertTrue(html.contains("91.8% (88.6–93.2%)"), html);
    assertTrue(html.contains("<td>85.7% (78.7–89.6%)</td><td>85.7% (78.7–89.6%)</td>"), html);
    // and where a class levels off, a percentage like the rest of the table
    assertTrue(html.contains("levels off at 90.8%, below 92%"), html);
    assertFalse(html.contains("0.9076"), html);
  }

  /**
   * With --bootstrap 0 no cell has an interval: the per-class headers said "(90% interval)" and the
   * Targets table had a "90% interval" column of dashes.
   */
  @Test
  void withoutIntervalsNoHeaderPromisesOne() {
    FitSummary.Prediction p = new FitSummary.Prediction(3303, 0.91842, Double.NaN, Double.NaN);
    HtmlReport.Page bare =
        bare(
            null,
            List.of(
                new FitSummary.Curve(
                    "head",
                    "pow3",
                    List.of(
                        new FitSummary.Family(
                            "pow3", "c - a·n^-alpha", "c=0.9", -50, 0.01, p, true)),
                    p,
                    true)));
    org.samplesize.fit.Prediction recall =
        new org.samplesize.fit.Prediction(577, 0.856941, Double.NaN, Double.NaN);
    org.samplesize.classes.ClassAnswer roses =
        new org.samplesize.classes.ClassAnswer(
            "head",
            "roses",
            577,
            org.samplesize.classes.ClassAnswer.FROM_TRAINING_SET,
            0.174,
            289,
            0.8125,
            0.888,
            recall,
            new org.samplesize.fit.TargetEstimate(0.85, 500, Double.NaN, Double.NaN, true, 0.95),
            null,
            null,
            recall);
    java.util.function.Function<Boolean, String> render =
        withInterval -> {
          org.samplesize.fit.Prediction r =
              withInterval
                  ? new org.samplesize.fit.Prediction(577, 0.856941, 0.78759, 0.89541)
                  : recall;
          org.samplesize.classes.ClassAnswer a =
              new org.samplesize.classes.ClassAnswer(
                  "head",
                  "roses",
                  577,
                  org.samplesize.classes.ClassAnswer.FROM_TRAINING_SET,
                  0.174,
                  289,
                  0.8125,
                  0.888,
                  r,
                  withInterval
                      ? new org.samplesize.fit.TargetEstimate(0.85, 500, 400, 700, true, 0.95)
                      : roses.target(),
                  null,
                  null,
                  r);
          return HtmlReport.render(
              new HtmlReport.Page(
                  bare.answer(),
                  bare.moreAnswers(),
                  0.9,
                  bare.dataset(),
                  bare.timings(),
                  null,
                  null,
                  bare.curves(),
                  List.of(
                      new FitSummary.Target(
                          "head", 0.9, 1520, withInterval ? 1060 : -1, withInterval ? 2000 : -1)),
                  List.of(),
                  List.of(),
                  Map.of(),
                  Map.of(),
                  new org.samplesize.classes.ClassReport(
                      "results.csv", 0.85, 0.9, List.of(a), List.of(), null),
                  null));
        };
    String html = render.apply(false);
    assertFalse(html.contains("interval)</th>"), html);
    assertFalse(html.contains("90% interval</th>"), html);
    assertTrue(html.contains("<th>recall with all its images</th>"), html);
    assertTrue(html.contains("<th>images for 85% recall</th>"), html);
    assertTrue(html.contains("<th>images needed</th></tr>"), html);
    // with intervals, the headers say so
    html = render.apply(true);
    assertTrue(html.contains("<th>recall with all its images (90% interval)</th>"), html);
    assertTrue(html.contains("<th>precision with all its images (90% interval)</th>"), html);
    assertTrue(html.contains("<th>images for 85% recall (90% interval)</th>"), html);
    assertTrue(html.contains("<th>images needed</th><th>90% interval</th></tr>"), html);
  }

  @Test
  void thePageIsSelfContainedAndShowsEveryFamilySideBySide() {
    FitSummary.Prediction p = new FitSummary.Prediction(3303, 0.89, 0.87, 0.91);
    HtmlReport.Page page =
        new HtmlReport.Page(
            "With all 3,303 training images, expect about 89.0% accuracy.",
            List.of("another <sentence>", "Warning: only 2 sizes."),
            0.9,
            new HtmlReport.Dataset(
                "tf_flowers",
                "/data/flower_photos",
                "abcd",
                List.of("daisy", "roses"),
                List.of(633, 641),
                3303,
                3303,
                367,
                367,
                Map.of("not an image", 1),
                List.of("roses/bad.jpg: cannot decode"),
                null),
            List.of(new HtmlReport.Timing("features", 7.5), new HtmlReport.Timing("training", 2.5)),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            null,
            List.of(
                new FitSummary.Curve(
                    "head",
                    "power law",
                    List.of(
                        new FitSummary.Family(
                            "power law", "a - b·n^-c", "a=0.9", -50.5, 0.01, p, true),
                        new FitSummary.Family(
                            "logarithmic", "a + b ln n", "a=0.4", -40, 0.02, p, false),
                        new FitSummary.Family(
                            "exponential", "a - b e^-cn", "a=0.8", Double.NaN, 0.03, null, false)),
                    p)),
            List.of(new FitSummary.Target("head", 0.95, 9000, 7000, -1)),
            List.of(new HtmlReport.Point("head", 165, 5, 0.80, 0.01)),
            List.of(new FitSummary.Validation("head", 3303, 0.89, 0.87, 0.91, 0.885)),
            new LinkedHashMap<>(Map.of("execution provider", "CPUExecutionProvider")),
            new LinkedHashMap<>(Map.of("repeats", "5")));
    String html = HtmlReport.render(page);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertFalse(html.contains("<?xml"), "the SVG prolog must not be inlined");
    assertTrue(html.contains("<svg xmlns"));
    assertFalse(html.contains("src=\"http"), "no external resources");
    assertFalse(html.contains("<script"), "no scripts");
    assertTrue(html.contains("<p>another &lt;sentence&gt;</p>"));
    // the console's warnings stand out as the skipped images do
    assertTrue(html.contains("<p class=\"warn\">Warning: only 2 sizes.</p>"), html);
    assertTrue(
        html.contains(
            "<th class=\"sel\">power law (selected)</th><th>logarithmic</th><th>exponential</th>"),
        html);
    assertTrue(html.contains("roses/bad.jpg: cannot decode"));
    assertTrue(html.contains("1 not an image"));
    assertTrue(html.contains("inside the interval"));
    assertTrue(html.contains("<td>10.00</td>") || html.contains("<th>10.00</th>"), "total time");
    // The console's words for an interval without an upper end, not "7,000–∞".
    assertTrue(html.contains("7,000 to unbounded"), html);
    assertFalse(html.contains("∞"), html);
  }

  @Test
  void underTheMeanAnswerTheMarkedFamilyIsTheBestSingleAndCutOffValuesAreMarked() {
    FitSummary.Prediction p = new FitSummary.Prediction(3303, 0.89, 0.87, 0.91);
    FitSummary.Prediction over = new FitSummary.Prediction(3303, 1.0, 0.97, 1.0);
    HtmlReport.Page page =
        bare(
            null,
            List.of(
                new FitSummary.Curve(
                    "head",
                    "pow3",
                    List.of(
                        new FitSummary.Family(
                            "pow3", "c - a·n^-alpha", "c=0.9", -50, 0.01, p, true),
                        new FitSummary.Family("pow2", "a·n^b", "a=0.4", -40, 0.02, over, false)),
                    p,
                    true)));
    String html = HtmlReport.render(page);
    // the default answer is the mean: pow3 is not "selected" as the answer
    assertTrue(html.contains("<th class=\"sel\">pow3 (best single)</th>"), html);
    assertFalse(html.contains("(selected)"), html);
    assertTrue(html.contains("The answer is the mean of the curve families"), html);
    // pow2 ran past 100%: marked, and the mark explained once
    assertTrue(html.contains("100.0%^ (97.0–100.0%^)"), html);
    assertTrue(html.contains("^ cut off at 0% or 100%"), html);
    assertTrue(html.contains("<td class=\"sel\">89.0% (87.0–91.0%)</td>"), html);
  }

  /**
   * A target the curve does not reach read "not reached" in the Targets table, where the per-class
   * table, fit.json's text and the console say "not reachable", and the page said nowhere where the
   * curve levels off.
   */
  @Test
  void aTargetNotReachedReadsAsThePerClassTableAndFitJsonWriteIt() {
    HtmlReport.Page b = bare(null, List.of());
    HtmlReport.Page page =
        new HtmlReport.Page(
            b.answer(),
            b.moreAnswers(),
            0.9,
            b.dataset(),
            b.timings(),
            null,
            null,
            List.of(),
            List.of(
                new FitSummary.Target("head", 0.99, -1, -1, -1, 165, false, 0.9413953),
                new FitSummary.Target("head", 0.97, -1, 2049, -1, 165, false, 0.9413953),
                new FitSummary.Target("head", 0.98, -1, -1, -1)),
            List.of(),
            List.of(),
            Map.of(),
            Map.of());
    String html = HtmlReport.render(page);
    assertFalse(html.contains("not reached"), html);
    assertTrue(
        html.contains(
            "<td>99%</td><td>not reachable: the curve levels off at 94.1%, below 99%</td>"
                + "<td>—</td>"),
        html);
    // some replicates reach it: the interval's lower end, as fit.json's text has it
    assertTrue(
        html.contains(
            "<td>97%</td><td>not reachable: the curve levels off at 94.1%, below 97%</td>"
                + "<td>2,049 to unbounded</td>"),
        html);
    assertTrue(html.contains("<td>98%</td><td>not reachable</td>"), html);
  }

  /**
   * The files beside the page were named as plain text; and the provenance's longest value (the
   * feature cache's record, one JSON word of some 1,500 characters) made its table many screens
   * wide in a narrow window and ran off the paper.
   */
  @Test
  void theFilesBesideAreLinksAndLongValuesWrap() {
    HtmlReport.Page b = bare(null, List.of());
    String record = "{\"format\":\"samplesize-features/1\",\"key\":\"" + "ab".repeat(600) + "\"}";
    HtmlReport.Page page =
        new HtmlReport.Page(
            b.answer(),
            b.moreAnswers(),
            0.9,
            b.dataset(),
            b.timings(),
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            new LinkedHashMap<>(Map.of("feature cache provenance", record)),
            Map.of());
    String html = HtmlReport.render(page);
    assertTrue(html.contains("<a href=\"results.csv\">results.csv</a>"), html);
    assertTrue(html.contains("<a href=\"fit.json\">fit.json</a>"), html);
    assertTrue(html.contains("<a href=\"provenance.json\">provenance.json</a>"), html);
    assertTrue(html.contains("<table class=\"kv\">\n<tr><td class=\"l\">feature cache"), html);
    assertTrue(html.contains(".kv td{overflow-wrap:anywhere}"), html);
    assertTrue(html.contains("@media print{"), html);
  }

  @Test
  void aPngIsEmbeddedAsBase64WhenThereIsNoSvg() throws Exception {
    byte[] png =
        ChartImages.encode(
            new java.awt.image.BufferedImage(288, 10, java.awt.image.BufferedImage.TYPE_INT_RGB),
            ChartImages.PNG_DPI);
    HtmlReport.Page page = bare(png, List.of());
    String base64 = java.util.Base64.getEncoder().encodeToString(png);
    // shown at the chart's size, half the pixels of a 144-dpi PNG
    assertTrue(
        HtmlReport.render(page)
            .contains("width=\"144\" src=\"data:image/png;base64," + base64 + "\""));
  }

  /** A page with one tiny data set and nothing else but the given PNG plot and curves. */
  /**
   * The measured points' table said "fit.json and the plot use n" after the plot's bars became the
   * sample standard deviation (n − 1) the table shows.
   */
  @Test
  void theMeasuredPointsTableSaysThePlotUsesItsSd() {
    String html = HtmlReport.render(bare(null, List.of()));
    assertTrue(
        html.contains(
            "title=\"sample standard deviation (n − 1), as the plot's bars; fit.json's std uses"
                + " n\">sd (n−1)</th>"),
        html);
    assertFalse(html.contains("the plot use n"), html);
  }

  private static HtmlReport.Page bare(byte[] png, List<FitSummary.Curve> curves) {
    return new HtmlReport.Page(
        "a",
        List.of(),
        0.9,
        new HtmlReport.Dataset(
            "d", "/r", "0", List.of("x"), List.of(1), 1, 1, 1, 1, Map.of(), List.of(), null),
        List.of(),
        null,
        png,
        curves,
        List.of(),
        List.of(),
        null,
        Map.of(),
        Map.of());
  }
}
