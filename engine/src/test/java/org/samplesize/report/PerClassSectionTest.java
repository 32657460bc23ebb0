package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerClassSectionTest {
  /**
   * The per-class table writes a class's images for the target as the Targets table writes sizes:
   * it read "4015 [at most 40, unbounded]" beside the Targets table's "≤40 to unbounded". Both show
   * the numbers of fit.json: a table rounded as the sentences ("1,180 to unbounded" for 1184)
   * looked exact.
   */
  @Test
  void perClassSizesAreWrittenAsTheTargetsTableWritesThem() {
    assertEquals("1,201–3,310", HtmlText.sizeInterval(1201, 3310, false));
    assertEquals("≤40–193", HtmlText.sizeInterval(40, 193, true));
    assertEquals("≤40", HtmlText.sizeInterval(40, 40, true));
    assertEquals("2,513 to unbounded", HtmlText.sizeInterval(2513, -1, false));
    assertEquals(
        "1,843 (1,201–3,310)",
        PerClassSection.classTarget(
            new org.samplesize.fit.TargetEstimate(0.9, 1843, 1201, 3310, true, Double.NaN, false)));
    assertEquals(
        "4,015 (≤40 to unbounded)",
        PerClassSection.classTarget(
            new org.samplesize.fit.TargetEstimate(
                0.9, 4015, 40, Double.POSITIVE_INFINITY, true, Double.NaN, true)));
    assertEquals(
        "not reachable: the curve levels off at 90.8%, below 95%; interval 2,513 to unbounded",
        PerClassSection.classTarget(
            new org.samplesize.fit.TargetEstimate(
                0.95, Double.NaN, 2513, Double.POSITIVE_INFINITY, false, 0.908, false)));
  }

  /** The Targets table showed "1,180 to unbounded" where fit.json has lo 1184. */
  @Test
  void theTargetsTableShowsTheNumbersFitJsonHolds() {
    StringBuilder h = new StringBuilder();
    FamiliesSection.targets(
        h,
        java.util.List.of(
            new FitSummary.Target("head", 0.9, -1, 1184, -1, 7, false, 0.808),
            new FitSummary.Target("head", 0.6, 4213, 3101, 6017, 7, false)),
        0.9);
    String page = h.toString();
    org.junit.jupiter.api.Assertions.assertTrue(page.contains("<td>1,184 to unbounded</td>"), page);
    org.junit.jupiter.api.Assertions.assertTrue(
        page.contains("<td>4,213</td><td>3,101–6,017</td>"), page);
  }

  /**
   * The report's plan line says, as the console's does, where the overall curve does not reach the
   * plan's target (a target answer of the same curve and accuracy that is not reachable).
   */
  @Test
  void aPlansLineNamesTheOverallCurvesShortfall() {
    org.samplesize.classes.LabellingPlan plan =
        org.samplesize.classes.ClassLinesTest.twoClasses(
            0.95, java.util.List.of(300L, 200L), 0.90, 0.95, true, Double.NaN);
    java.util.List<FitSummary.Target> overall =
        java.util.List.of(new FitSummary.Target("head", 0.95, -1, 5790, -1, 100, false, 0.946));
    org.junit.jupiter.api.Assertions.assertEquals(
        "levels off at 94.6%, below 95%", FitSummary.shortfall(overall, plan));
    org.junit.jupiter.api.Assertions.assertNull(
        FitSummary.shortfall(
            java.util.List.of(new FitSummary.Target("head", 0.95, 4000, 3000, 6000, 100, false)),
            plan));
    org.junit.jupiter.api.Assertions.assertNull(
        FitSummary.shortfall(
            java.util.List.of(
                new FitSummary.Target("fine-tune", 0.95, -1, 5790, -1, 100, false, 0.946)),
            plan));
    org.samplesize.classes.ClassReport r =
        new org.samplesize.classes.ClassReport(
            "constructed", null, 0.9, java.util.List.of(), java.util.List.of(plan), null);
    StringBuilder h = new StringBuilder();
    PerClassSection.write(h, r, null, overall);
    org.junit.jupiter.api.Assertions.assertTrue(
        h.toString().contains("The overall curve, fitted on its own, levels off at 94.6%"),
        h.toString());
  }

  /**
   * A class's own fit warnings (only 3 sizes, repeats that all read the same) were in fit.json
   * alone, and its row looked as sure as any: the row is marked and the warnings are listed.
   */
  @Test
  void aRoughClassIsMarkedAndItsWarningsAreListed() {
    org.samplesize.classes.ClassReport r = org.samplesize.classes.ClassCurvesTest.fellAnalysed();
    StringBuilder h = new StringBuilder();
    PerClassSection.write(h, r, null);
    String page = h.toString();
    org.junit.jupiter.api.Assertions.assertTrue(
        page.contains("<td class=\"l\">tulips (rough: 1 test image)</td>"), page);
    org.junit.jupiter.api.Assertions.assertTrue(page.contains("<h3>Warnings by class</h3>"), page);
    for (String w : r.answers("head").get(0).fit().warnings()) {
      org.junit.jupiter.api.Assertions.assertTrue(page.contains(HtmlText.esc(w)), w);
    }
  }

  /**
   * The small multiples have no legend, and their shaded band over the measured sizes is the best
   * single family's (on tf_flowers, dandelion's last1: a flat band the answer's line and the first
   * measured point fall outside of), which read as the answer's interval. The caption says what is
   * drawn, and only where there is a plot.
   */
  @Test
  void theCaptionSaysWhatThePanelsDrawWithoutALegend() {
    org.samplesize.fit.Prediction recall =
        new org.samplesize.fit.Prediction(808, 0.906, 0.894, 0.918);
    org.samplesize.classes.ClassAnswer dandelion =
        new org.samplesize.classes.ClassAnswer(
            "head",
            "dandelion",
            808,
            org.samplesize.classes.ClassAnswer.FROM_TRAINING_SET,
            0.245,
            404,
            0.898,
            0.941,
            recall,
            null,
            null,
            null,
            recall);
    org.samplesize.classes.ClassReport report =
        new org.samplesize.classes.ClassReport(
            "results.csv", null, 0.9, java.util.List.of(dandelion), java.util.List.of(), null);
    // a PNG's signature and IHDR chunk: all the section reads of the bytes is the width
    byte[] png = new byte[24];
    java.nio.ByteBuffer.wrap(png, 16, 4).putInt(2520);
    StringBuilder with = new StringBuilder();
    PerClassSection.write(with, report, png);
    String html = with.toString();
    assertTrue(html.contains("without its legend"), html);
    // the bars are the plot's: the sample standard deviation
    assertTrue(
        html.contains("at a size (± one sample standard deviation, n − 1), the thick line"), html);
    assertTrue(
        html.contains(
            "The blue band over the measured sizes is the best single family's own interval"),
        html);
    assertTrue(
        html.contains("beyond the largest measured size the amber band is the answer's"), html);
    StringBuilder without = new StringBuilder();
    PerClassSection.write(without, report, null);
    assertFalse(without.toString().contains("without its legend"), without.toString());
  }
}
