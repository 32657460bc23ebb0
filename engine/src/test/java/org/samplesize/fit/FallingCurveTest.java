package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Curves whose metric falls with the training-set size, such as an error rate. */
class FallingCurveTest {
  private static ResultsTable table(double[] sizes, double[][] values) {
    return Examples.table("c", sizes, values);
  }

  private static CurveData curve(double[] sizes, double[][] values) {
    return table(sizes, values).curves().get(0);
  }

  /** The warnings of the default fit (no bootstrap, an answer at 2×, these targets). */
  private static List<String> fitWarnings(ResultsTable t, List<Double> targets) {
    return new LearningCurveFitter(
            FitOptions.defaults()
                .withBootstrap(0)
                .withTargets(targets)
                .withPredict(List.of(SampleSize.parse("2x"))))
        .fit(t)
        .get(0)
        .warnings();
  }

  private static final double[] SIZES = {100, 200, 400, 800};

  /** An error rate: 1 − a rising accuracy curve. */
  private static final double[][] ERROR = {
    {0.28, 0.29, 0.27, 0.285, 0.275}, {0.21, 0.2, 0.215, 0.205, 0.21},
    {0.16, 0.165, 0.155, 0.16, 0.17}, {0.14, 0.13, 0.145, 0.135, 0.14}
  };

  @Test
  void anErrorRateFalls() {
    CurveData d = curve(SIZES, ERROR);
    assertTrue(FallingCurve.falls(d));
    assertEquals(
        "falls as the training set grows (0.2800 at 100, 0.1380 at 800)", FallingCurve.describe(d));
  }

  @Test
  void aRisingCurveAndAPlateauThatDipsWithinItsNoiseDoNot() {
    double[][] rising = new double[4][];
    for (int i = 0; i < 4; i++) {
      rising[i] = new double[5];
      for (int r = 0; r < 5; r++) {
        rising[i][r] = 1 - ERROR[i][r];
      }
    }
    assertFalse(FallingCurve.falls(curve(SIZES, rising)));
    // levelled off at 0.90; the largest size's mean is 0.01 below the smallest's, with an sd of
    // about 0.02 at each: the difference is under one standard error
    double[][] plateau = {
      {0.88, 0.92, 0.90, 0.93, 0.87}, {0.9, 0.91, 0.89, 0.9, 0.9},
      {0.9, 0.9, 0.91, 0.89, 0.9}, {0.86, 0.92, 0.88, 0.91, 0.88}
    };
    assertFalse(FallingCurve.falls(curve(SIZES, plateau)));
  }

  @Test
  void withOneRepeatAnyDropCounts() {
    double[][] one = {{0.3}, {0.25}, {0.2}, {0.29}};
    assertTrue(FallingCurve.falls(curve(SIZES, one)));
  }

  @Test
  void theFitOfAFallingCurveSaysItsAnswerDoesNotApply() {
    List<String> warnings = fitWarnings(table(SIZES, ERROR), List.of(0.12));
    assertTrue(
        warnings.stream()
            .anyMatch(
                w ->
                    w.startsWith("the metric falls as the training set grows")
                        && w.contains("fit its complement (1 − value)")),
        warnings.toString());
  }

  /** Rises to 0.805 at 200, then falls to 0.705 at 800 with an sd of 0.005 at each size. */
  private static final double[][] PEAKED = {
    {0.60, 0.61}, {0.70, 0.71}, {0.80, 0.81}, {0.75, 0.76}, {0.70, 0.71}
  };

  private static final double[] PEAKED_SIZES = {50, 100, 200, 400, 800};

  @Test
  void aCurveThatPeaksAndFallsBeyondItsNoiseIsToldAndTheFitWarns() {
    CurveData d = curve(PEAKED_SIZES, PEAKED);
    assertFalse(FallingCurve.falls(d), "the largest size is above the smallest");
    assertEquals(
        "peaks at 200 (0.8050) and falls to 0.7050 at 800", FallingCurve.peakBeforeTheLargest(d));
    // it answered about 0.75 at 1600 images, above the 0.705 measured at 800, without a word
    List<String> warnings = fitWarnings(table(PEAKED_SIZES, PEAKED), List.of());
    assertTrue(
        warnings.stream()
            .anyMatch(
                w ->
                    w.startsWith("the metric peaks at 200 (0.8050) and falls to 0.7050 at 800")
                        && w.contains("answers beyond the largest size are likely too high")),
        warnings.toString());
  }

  /**
   * A results table need not hold images (fit counts examples): the fitter's warnings said "more
   * images", "mislabelled images", also in fit's output and fit.json.
   */
  @Test
  void theFittersWarningsCountExamplesNotImages() {
    double[][] flat = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
    double[][] perfect = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}};
    for (double[][] values : new double[][][] {PEAKED, flat, perfect}) {
      List<String> warnings = fitWarnings(table(PEAKED_SIZES, values), List.of());
      assertTrue(warnings.stream().anyMatch(w -> w.contains("examples")), warnings.toString());
      assertTrue(
          warnings.stream().noneMatch(w -> w.toLowerCase(java.util.Locale.ROOT).contains("image")),
          warnings.toString());
    }
  }

  @Test
  void aPlateauThatDipsWithinItsNoiseOrARisingCurveOrOneRepeatDoesNotPeak() {
    double[][] plateau = {
      {0.88, 0.92, 0.90, 0.93, 0.87}, {0.9, 0.91, 0.89, 0.9, 0.9},
      {0.9, 0.9, 0.91, 0.89, 0.9}, {0.86, 0.92, 0.88, 0.91, 0.88}
    };
    assertNull(FallingCurve.peakBeforeTheLargest(curve(SIZES, plateau)));
    assertNull(FallingCurve.peakBeforeTheLargest(Examples.recipeTable().curves().get(0)));
    assertNull(FallingCurve.peakBeforeTheLargest(Examples.flowerHeadTable().curves().get(0)));
    // one row per size: nothing tells the noise
    double[][] one = {{0.6}, {0.7}, {0.8}, {0.75}, {0.7}};
    assertNull(FallingCurve.peakBeforeTheLargest(curve(PEAKED_SIZES, one)));
    // a falling curve has its own warning
    assertNull(FallingCurve.peakBeforeTheLargest(curve(SIZES, ERROR)));
  }
}
