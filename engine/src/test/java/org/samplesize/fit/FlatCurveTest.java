package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Curves whose metric never moves, such as a learner that never learned. */
class FlatCurveTest {
  private static final double[] SIZES = {50, 100, 200, 400};

  private static ResultsTable table(double[][] values) {
    return Examples.table("c", SIZES, values);
  }

  private static List<String> fitWarnings(double[][] values) {
    return new LearningCurveFitter(
            FitOptions.defaults()
                .withBootstrap(0)
                .withTargets(List.of(0.9))
                .withPredict(List.of(SampleSize.parse("2x"))))
        .fit(table(values))
        .get(0)
        .warnings();
  }

  private static double[][] constant(double v) {
    return new double[][] {{v, v, v}, {v, v, v}, {v, v, v}, {v, v, v}};
  }

  @Test
  void aCurveAtZeroEverywhereAndOneStuckAtAnyValueAreFlat() {
    CurveData zero = table(constant(0)).curves().get(0);
    assertTrue(FlatCurve.flat(zero));
    assertEquals(
        "is 0.0000 at every size from 50 to 400 and in every repeat", FlatCurve.describe(zero));
    assertTrue(FlatCurve.flat(table(constant(0.25)).curves().get(0)));
    // One repeat per size: the same value at each is flat too.
    assertTrue(FlatCurve.flat(table(new double[][] {{0.5}, {0.5}, {0.5}, {0.5}}).curves().get(0)));
  }

  @Test
  void theFitOfAFlatCurveSaysItsAnswersMeanNothing() {
    for (double v : new double[] {0, 0.25}) {
      List<String> warnings = fitWarnings(constant(v));
      assertEquals(
          1,
          warnings.stream()
              .filter(
                  w ->
                      w.startsWith("the metric is ")
                          && w.contains(": the curve does not rise")
                          && w.contains("target sizes"))
              .count(),
          warnings.toString());
    }
  }

  @Test
  void aCurvePerfectEverywhereIsNotCalledALearnerThatNeverLearned() {
    List<String> warnings = fitWarnings(constant(1));
    assertEquals(
        1,
        warnings.stream()
            .filter(
                w ->
                    w.startsWith("the metric is 1.0000 at every size")
                        && w.contains("every model is perfect on the test set")
                        && !w.contains("never learned"))
            .count(),
        warnings.toString());
  }

  @Test
  void aRisingCurveAndANoisyPlateauAreNotFlat() {
    double[][] rising = {
      {0.5, 0.52, 0.49}, {0.6, 0.61, 0.6}, {0.7, 0.69, 0.71}, {0.75, 0.76, 0.75}
    };
    assertFalse(FlatCurve.flat(table(rising).curves().get(0)));
    assertTrue(
        fitWarnings(rising).stream().noneMatch(w -> w.contains("the curve does not rise")),
        "no warning on a rising curve");
    double[][] plateau = {{0.9, 0.91, 0.89}, {0.9, 0.9, 0.91}, {0.89, 0.9, 0.9}, {0.9, 0.91, 0.9}};
    assertFalse(FlatCurve.flat(table(plateau).curves().get(0)));
  }
}
