package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  @Test
  void theAnswerReadsAsOneSentence() {
    assertEquals(
        "To reach 95% accuracy you need about 4,210 images (90% interval 3,100–6,020).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.95, 4213, 3104, 6018), 0.9));
    assertEquals(
        "To reach 97.5% accuracy (fine-tune) you need about 812 images (95% interval 700 to"
            + " unbounded).",
        HtmlReport.sentence(new FitSummary.Target("fine-tune", 0.975, 812, 700, -1), 0.95));
    assertEquals(
        "The fitted curve does not reach 99% accuracy: more images alone will not get there.",
        HtmlReport.sentence(new FitSummary.Target("head", 0.99, -1, -1, -1), 0.9));
    // Interval ends round outwards (1,428 is not "1,430"); the point estimate rounds to nearest.
    assertEquals(
        "To reach 90% accuracy you need about 1,820 images (90% interval 1,420 to unbounded).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.9, 1815, 1428, -1), 0.9));
    // Below the smallest size measured: said as such, not as a bare "about 3 images".
    assertEquals(
        "To reach 50% accuracy you need fewer images than the smallest size measured (330); the"
            + " curve, extrapolated downwards, puts it at about 3 (90% interval 2–990).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.5, 3, 2, 990, 330), 0.9));
    // Not reached by the point estimate, but the interval's upper end gets there.
    assertEquals(
        "The fitted curve levels off below 95% accuracy, but the upper end of its 90% interval"
            + " reaches 95% at about 3,860 images: from there on 95% cannot be ruled out (no upper"
            + " end).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.95, -1, 3860, -1), 0.9));
    assertEquals(
        "The fitted curve levels off below 95% accuracy, but the upper end of its 90% interval"
            + " reaches 95% at about 3,860 images: from there on 95% cannot be ruled out (upper"
            + " end 12,100).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.95, -1, 3860, 12011), 0.9));
    assertEquals(
        "With all 3,303 training images, expect about 89.1% accuracy (90% interval 87.9–90.3%).",
        HtmlReport.sentence("head", new FitSummary.Prediction(3303, 0.8912, 0.8791, 0.9024), 0.9));
    // 88.876% must not print as 88.9% for a lower end, nor 94.04% as 94.0% for an upper one.
    assertEquals(
        "With all 3,303 training images, expect about 91.3% accuracy (90% interval 88.8–94.1%).",
        HtmlReport.sentence(
            "head", new FitSummary.Prediction(3303, 0.91279, 0.88876, 0.94040), 0.9));
  }

  /**
   * fit's sentences come from the same code as run's: a results table need not hold images, so
   * sizes count examples at the size asked for, the metric is named, the curve only when there are
   * several, and an interval without an upper end says what that means.
   */
  @Test
  void fitsWordingCountsExamplesAndNamesTheMetric() {
    HtmlReport.Wording one = HtmlReport.Wording.fit("macro_f1", "default");
    assertEquals(
        "With 824 examples, expect about 88.6% macro_f1 (90% interval 84.0–91.6%).",
        HtmlReport.sentence(
            "default", new FitSummary.Prediction(824, 0.88571, 0.84093, 0.91568), 0.9, one));
    assertEquals(
        "To reach 93% macro_f1 you need about 5,360 examples (90% interval 3,310 to unbounded:"
            + " the data cannot rule out that macro_f1 levels off below 93%).",
        HtmlReport.sentence(new FitSummary.Target("default", 0.93, 5361, 3319, -1), 0.9, one));
    assertEquals(
        "To reach 86% macro_f1 you need about 61 examples (90% interval 40–109).",
        HtmlReport.sentence(new FitSummary.Target("default", 0.86, 61, 40, 109), 0.9, one));
    assertEquals(
        "The fitted curve does not reach 99% macro_f1: more examples alone will not get there.",
        HtmlReport.sentence(new FitSummary.Target("default", 0.99, -1, -1, -1), 0.9, one));
    assertEquals(
        "The fitted curve levels off below 92% macro_f1, but the upper end of its 90% interval"
            + " reaches 92% at the smallest size measured, 36 examples (or fewer): from there on"
            + " 92% cannot be ruled out (no upper end).",
        HtmlReport.sentence(
            new FitSummary.Target("default", 0.92, -1, 36, -1, 36, true), 0.9, one));
    HtmlReport.Wording several = HtmlReport.Wording.fit("accuracy", null);
    assertEquals(
        "With 10,000 examples (default), expect about 89.0% accuracy (no interval: intervals need"
            + " --bootstrap above 0 and repeats at some size).",
        HtmlReport.sentence(
            "default",
            new FitSummary.Prediction(10000, 0.89, Double.NaN, Double.NaN),
            0.9,
            several));
    assertEquals(
        "To reach 50% accuracy (svm) you need fewer examples than the smallest size measured"
            + " (330); the curve, extrapolated downwards, puts it at about 3 (80% interval 2–990).",
        HtmlReport.sentence(new FitSummary.Target("svm", 0.5, 3, 2, 990, 330), 0.8, several));
  }

  /**
   * The interval's upper end already reaches the target at the smallest size measured: the lower
   * end is that size or fewer, nothing smaller having been measured.
   */
  @Test
  void aLowerEndAtTheSmallestSizeReadsAtMost() {
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval at most 40 to 109).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.86, 61, 40, 109, 40, true), 0.9));
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval at most 40 to unbounded).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.86, 61, 40, -1, 40, true), 0.9));
    // both ends at the smallest size: "at most 40 to 40" would say no more
    assertEquals(
        "To reach 80% accuracy you need about 40 images (90% interval at most 40).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.80, 40, 40, 40, 40, true), 0.9));
    assertEquals(
        "The fitted curve levels off below 92% accuracy, but the upper end of its 90% interval"
            + " reaches 92% at the smallest size measured, 36 images (or fewer): from there on 92%"
            + " cannot be ruled out (no upper end).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.92, -1, 36, -1, 36, true), 0.9));
    // the same numbers, not at the smallest size, read as before
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval 40–109).",
        HtmlReport.sentence(new FitSummary.Target("head", 0.86, 61, 40, 109, 20), 0.9));
  }

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
    assertTrue(html.contains("Predicted at n = 3,303: 91.8% (90% interval 88.6–93.2%)"), html);
    assertTrue(html.contains("91.8% (88.6–93.2%)"), html);
    assertTrue(html.contains("<td>85.7% (78.7–89.6%)</td><td>85.7% (78.7–89.6%)</td>"), html);
    // and where a class levels off, a percentage like the rest of the table
    assertTrue(html.contains("levels off at 90.8%, below 92%"), html);
    assertFalse(html.contains("0.9076"), html);
  }

  @Test
  void thePageIsSelfContainedAndShowsEveryFamilySideBySide() {
    FitSummary.Prediction p = new FitSummary.Prediction(3303, 0.89, 0.87, 0.91);
    HtmlReport.Page page =
        new HtmlReport.Page(
            "With all 3,303 training images, expect about 89.0% accuracy.",
            List.of("another <sentence>"),
            0.9,
            new HtmlReport.Dataset(
                "tf_flowers",
                "/data/flower_photos",
                "abcd",
                List.of("daisy", "roses"),
                List.of(633, 641),
                3303,
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
    assertTrue(html.contains("another &lt;sentence&gt;"));
    assertTrue(
        html.contains(
            "<th class=\"sel\">power law (selected)</th><th>logarithmic</th><th>exponential</th>"),
        html);
    assertTrue(html.contains("roses/bad.jpg: cannot decode"));
    assertTrue(html.contains("1 not an image"));
    assertTrue(html.contains("inside the interval"));
    assertTrue(html.contains("<td>10.00</td>") || html.contains("<th>10.00</th>"), "total time");
    assertTrue(html.contains("7,000–∞"));
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

  @Test
  void aPngIsEmbeddedAsBase64WhenThereIsNoSvg() {
    HtmlReport.Page page = bare(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, List.of());
    assertTrue(HtmlReport.render(page).contains("src=\"data:image/png;base64,iVBORw==\""));
  }

  /** A page with one tiny data set and nothing else but the given PNG plot and curves. */
  private static HtmlReport.Page bare(byte[] png, List<FitSummary.Curve> curves) {
    return new HtmlReport.Page(
        "a",
        List.of(),
        0.9,
        new HtmlReport.Dataset(
            "d", "/r", "0", List.of("x"), List.of(1), 1, 1, Map.of(), List.of(), null),
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
