package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FitSummaryValidationTest {

  @Test
  void aMeasuredValueAHairOutsideSaysHowFar() {
    // the interval prints as 88.6–93.2% and the measured 88.65% as 88.6%: only the distance tells
    // the reader that it lies outside
    FitSummary.Validation v =
        new FitSummary.Validation("head", 3303, 0.9184, 0.886768, 0.931801, 0.8865);
    assertEquals("outside the interval, 0.027 points below its lower end", v.verdict());
  }

  @Test
  void theSentenceNamesTheCurveAndTheUsableImagesWhenAsked() {
    FitSummary.Validation v =
        new FitSummary.Validation("fine-tune", 3303, 0.9184, 0.886768, 0.931801, 0.91008);
    assertEquals(
        "Validation: measured 91.0% with all 3,303 training images (inside the interval).",
        v.sentence(false, false));
    assertEquals(
        "Validation (fine-tune): measured 91.0% with all 3,303 usable training images (inside the"
            + " interval).",
        v.sentence(true, true));
  }

  @Test
  void farOutsideAboveAndInsideRead() {
    assertEquals(
        "outside the interval, 1.5 points above its upper end",
        new FitSummary.Validation("head", 100, 0.8, 0.75, 0.85, 0.865).verdict());
    assertEquals(
        "inside the interval",
        new FitSummary.Validation("head", 100, 0.8, 0.75, 0.85, 0.75).verdict());
    assertEquals(
        "no interval to compare with",
        new FitSummary.Validation("head", 100, 0.8, Double.NaN, Double.NaN, 0.9).verdict());
  }
}
