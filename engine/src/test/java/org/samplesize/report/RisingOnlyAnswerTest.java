package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;

/**
 * On two sizes the default answer is the mean of pow2 and log2, which keep rising: tf_flowers'
 * heads at 165 and 330 images (74.4% and 80.8%, the run {@code --fractions 0.05,0.1 --repeats 2})
 * read "expect about 100.0% accuracy" with all 3,303 images, where four sizes read 91.8%, and "you
 * need about 852 images" for 90%. Beyond the largest size the answers now read as the figures they
 * are: an accuracy between the measured mean and the rising curves' value, a size above the rising
 * curves' one.
 */
class RisingOnlyAnswerTest {

  private static final FitOptions OPTIONS =
      FitOptions.defaults()
          .withBootstrap(50)
          .withThreads(2)
          .withPredict(List.of(new SampleSize(200, false), new SampleSize(3303, false)))
          .withTargets(List.of(0.9));

  /** results.csv of that run: two repeats at 165 and at 330 images. */
  private static List<CurveFit> twoSizes() {
    return new LearningCurveFitter(OPTIONS)
        .fit(
            ResultsTable.builder("two")
                .add(165, 0.7683923705722071)
                .add(165, 0.7193460490463215)
                .add(330, 0.8228882833787466)
                .add(330, 0.7929155313351499)
                .build());
  }

  @Test
  void beyondTheLargestSizeTheAnswersAreFiguresNotEstimates() {
    CurveFit fit = twoSizes().get(0);
    assertTrue(fit.risingOnly());
    List<FitSummary.Prediction> predictions = FitSummary.predictions(fit);
    // Within the data the curves interpolate: an estimate as any other.
    assertNull(predictions.get(0).risingFrom());
    assertEquals(
        "With 200 examples, expect about 76.1% accuracy (no interval: intervals need --bootstrap"
            + " above 0, repeats at some size and, for the default answer, 3 sizes or more).",
        AnswerSentences.sentence(
            "two", predictions.get(0), 0.9, AnswerSentences.Wording.fit("accuracy", "two")));
    FitSummary.Prediction far = predictions.get(1);
    assertNotNull(far.risingFrom());
    assertEquals(330, far.risingFrom().size());
    assertEquals(
        "With 3,303 examples, expect more than the 80.8% accuracy measured with 330 examples and"
            + " less than about 100.0%: the only curves two sizes allow keep rising (no interval:"
            + " intervals need --bootstrap above 0, repeats at some size and, for the default answer,"
            + " 3 sizes or more).",
        AnswerSentences.sentence("two", far, 0.9, AnswerSentences.Wording.fit("accuracy", "two")));
    FitSummary.Target t = FitSummary.targets(fit).get(0);
    assertTrue(t.risingOnly());
    assertEquals(
        "To reach 90% accuracy you need more than about 852 examples: the only curves two sizes"
            + " allow keep rising, so they reach it sooner than a curve that levels off (no"
            + " interval: intervals need --bootstrap above 0, repeats at some size and, for the"
            + " default answer, 3 sizes or more).",
        AnswerSentences.sentence(t, 0.9, AnswerSentences.Wording.fit("accuracy", t.curve())));
  }

  @Test
  void fitJsonSaysSoToo() {
    JsonNode curve =
        FitJsonWriter.toJson(twoSizes(), OPTIONS, "two", "accuracy").get("curves").get(0);
    assertTrue(curve.get("rising_only").asBoolean());
    assertEquals(
        "more than 852: the only curves two sizes allow keep rising, so they reach it sooner than a"
            + " curve that levels off",
        curve.get("targets").get(0).get("text").asText());
    // The family rows are each family's own, as before.
    assertEquals("852", curve.get("targets").get(0).get("n").asText());
  }

  /**
   * The report's Targets table and fit's Details gave the same answers as figures alone ("852",
   * "1.0000^") beside sentences that say "more than about 852" and "less than about 100.0%".
   */
  @Test
  void theTargetsTableAndTheDetailsSaySoToo() {
    CurveFit fit = twoSizes().get(0);
    StringBuilder h = new StringBuilder();
    FamiliesSection.targets(h, FitSummary.targets(fit), 0.9);
    assertTrue(h.toString().contains("<td>more than 852</td>"), h.toString());
    String details = FitTable.format(List.of(fit), "accuracy");
    assertTrue(details.contains("    accuracy at 200: 0.7614\n"), details);
    assertTrue(
        details.contains(
            "    accuracy at 3303: more than 0.8079 (measured at 330), less than 1.0000^\n"),
        details);
    assertTrue(details.contains("    n for 0.9: more than 852\n"), details);
  }

  /** A named family, or three sizes, is not the rising-only mean: its answers read as before. */
  @Test
  void namedFamiliesAndThreeSizesAreNotRisingOnly() {
    CurveFit named =
        new LearningCurveFitter(OPTIONS.withFamilies(List.of(CurveFamily.POW2)))
            .fit(
                ResultsTable.builder("two")
                    .add(165, 0.7683923705722071)
                    .add(165, 0.7193460490463215)
                    .add(330, 0.8228882833787466)
                    .add(330, 0.7929155313351499)
                    .build())
            .get(0);
    assertFalse(named.risingOnly());
    assertNull(FitSummary.predictions(named).get(1).risingFrom());
    assertFalse(FitSummary.targets(named).get(0).risingOnly());
    CurveFit three =
        new LearningCurveFitter(OPTIONS)
            .fit(
                ResultsTable.builder("three")
                    .add(165, 0.7683923705722071)
                    .add(165, 0.7193460490463215)
                    .add(330, 0.8228882833787466)
                    .add(330, 0.7929155313351499)
                    .add(826, 0.86)
                    .add(826, 0.87)
                    .build())
            .get(0);
    assertFalse(three.risingOnly());
    // Two sizes whose means fall: the curves fall too (a warning says the families do not
    // describe it), so its answers are no upper figures.
    CurveFit falls =
        new LearningCurveFitter(OPTIONS)
            .fit(
                ResultsTable.builder("falls")
                    .add(165, 0.82)
                    .add(165, 0.80)
                    .add(330, 0.77)
                    .add(330, 0.75)
                    .build())
            .get(0);
    assertFalse(falls.risingOnly());
    // Nor does its warning say that they keep rising.
    String two =
        falls.warnings().stream().filter(w -> w.startsWith("only 2 sizes")).findFirst().get();
    assertFalse(two.contains("keep rising"), two);
    assertTrue(two.contains("here not upwards"), two);
    assertNull(FitSummary.predictions(falls).get(1).risingFrom());
    assertNull(FitSummary.predictions(three).get(1).risingFrom());
    assertFalse(
        FitJsonWriter.toJson(List.of(three), OPTIONS, "three", "accuracy")
            .get("curves")
            .get(0)
            .get("rising_only")
            .asBoolean());
  }
}
