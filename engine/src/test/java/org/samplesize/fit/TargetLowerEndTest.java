package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target's interval is searched from the smallest measured size on: below it the band is an
 * extrapolation backwards where the families part ways, and its upper end reached 92% at one image
 * for a class whose recall was 85% at 40 images.
 */
class TargetLowerEndTest {

  /** One class's recall (tf_flowers' dandelion) at 40, 81, 202 and 404 of its images. */
  private static ResultsTable dandelion() {
    double[][] recalls = {
      {0.8, 0.8667, 0.8444, 0.8444, 0.9111},
      {0.9, 0.8778, 0.8444, 0.8222, 0.8667},
      {0.8889, 0.9222, 0.9222, 0.8889, 0.8778},
      {0.9111, 0.9111, 0.9, 0.8889, 0.8667}
    };
    int[] sizes = {40, 81, 202, 404};
    ResultsTable.Builder b = ResultsTable.builder("dandelion");
    for (int i = 0; i < sizes.length; i++) {
      for (double r : recalls[i]) {
        b.add(sizes[i], r);
      }
    }
    return b.build();
  }

  private static FitOptions options(List<Double> targets) {
    return FitOptions.defaults().withBootstrap(200).withThreads(2).withTargets(targets);
  }

  @Test
  void theDefaultAnswersLowerEndIsNeverBelowTheSmallestMeasuredSize() {
    CurveFit fit = new LearningCurveFitter(options(List.of(0.92))).fit(dandelion()).get(0);
    TargetEstimate t = fit.targets().get(0);
    // Scanned from size 1 the band's upper end was above 92% at one image (a backward
    // extrapolation): "4015 [1, unbounded]".
    assertTrue(t.lo() > 40, t.describe());
    assertFalse(t.loAtMost(), t.describe());
    // the band's upper end really is below the target at the smallest size, and reaches it at lo
    assertTrue(fit.interval(40)[1] < 0.92);
    assertTrue(fit.interval(t.lo())[1] >= 0.92, t.describe());
    assertTrue(fit.interval(t.lo() - 1)[1] < 0.92, t.describe());
  }

  @Test
  void aTargetTheIntervalReachesAtTheSmallestSizeHasALowerEndOfAtMostThatSize() {
    CurveFit fit = new LearningCurveFitter(options(List.of(0.86, 0.92))).fit(dandelion()).get(0);
    TargetEstimate t = fit.targets().get(0);
    assertTrue(fit.interval(40)[1] >= 0.86);
    assertEquals(40, t.lo(), t.describe());
    assertTrue(t.loAtMost());
    assertTrue(t.describe().contains("[at most 40, "), t.describe());
    // the other target's answer is the same as when asked alone
    CurveFit alone = new LearningCurveFitter(options(List.of(0.92))).fit(dandelion()).get(0);
    assertEquals(alone.targets().get(0), fit.targets().get(1));
  }

  @Test
  void everyFamilysOwnAndTheSelectedIntervalStartAtTheSmallestSize() {
    FitOptions o = options(List.of(0.86, 0.92)).withFamilies(List.of(CurveFamily.values()));
    CurveFit fit = new LearningCurveFitter(o).fit(dandelion()).get(0);
    for (TargetEstimate t : fit.targets()) {
      assertTrue(t.lo() >= 40 || t.lo() >= t.n(), t.describe());
    }
    for (FamilyFit f : fit.families()) {
      for (TargetEstimate t : f.targets()) {
        if (t.hasInterval() && !(t.n() < 40)) {
          assertTrue(t.lo() >= 40, f.family().id() + ": " + t.describe());
        }
      }
    }
  }

  @Test
  void theSearchStartsWhereItIsTold() {
    // high below 10 (a backward extrapolation that turns up), below the target from 10 to 100
    java.util.function.DoubleUnaryOperator curve = n -> n < 10 ? 0.95 : n < 100 ? 0.8 : 0.93;
    assertEquals(1, SizeSearch.sizeFor(curve, 0.92));
    assertEquals(100, SizeSearch.sizeFrom(curve, 0.92, 40));
    assertEquals(40, SizeSearch.sizeFrom(curve, 0.8, 40));
    assertEquals(Double.POSITIVE_INFINITY, SizeSearch.sizeFrom(curve, 0.96, 40));
  }

  /**
   * A curve that has levelled off at 80% (4 repeats at 100 to 800 images, the first size a little
   * high by chance): its fits fall from far above 90% at one image to 80%, and their crossing below
   * the smallest size answered "1 image" for 85%, "1 [1, unbounded]", with the curve's level given
   * as 93% for 99%.
   */
  @Test
  void aCurveThatFallsTowardsTheDataDoesNotAnswerOneImage() {
    double[][] acc = {
      {0.8129, 0.8145, 0.8007, 0.7924},
      {0.7891, 0.8003, 0.7898, 0.7856},
      {0.8020, 0.8013, 0.8055, 0.7909},
      {0.8001, 0.7994, 0.7849, 0.8054}
    };
    int[] sizes = {100, 200, 400, 800};
    ResultsTable.Builder b = ResultsTable.builder("plateau");
    for (int i = 0; i < sizes.length; i++) {
      for (double a : acc[i]) {
        b.add(sizes[i], a);
      }
    }
    ResultsTable table = b.build();
    for (FitOptions o :
        List.of(
            options(List.of(0.85, 0.99)),
            options(List.of(0.85, 0.99)).withFamilies(List.of(CurveFamily.POW3)))) {
      CurveFit fit = new LearningCurveFitter(o).fit(table).get(0);
      for (TargetEstimate t : fit.targets()) {
        assertTrue(!t.reachable() || t.n() > 800, t.describe());
        assertTrue(!t.reachable() || t.lo() >= 100, t.describe());
        if (!t.reachable()) {
          assertTrue(t.levelsOffAt() < 0.83, t.describe());
        }
      }
      TargetEstimate pow3 = fit.family("pow3").targets().get(0);
      assertTrue(!pow3.reachable() || pow3.n() > 800, pow3.describe());
    }
  }

  @Test
  void aPointBelowTheSmallestSizeOnlyWhereTheCurveReachesTheTargetThere() {
    // falls from 0.95 below 10 to 0.8, then rises to 0.93 from 100 on
    java.util.function.DoubleUnaryOperator curve = n -> n < 10 ? 0.95 : n < 100 ? 0.8 : 0.93;
    assertEquals(100, SizeSearch.pointSizeFor(curve, 0.92, 40));
    assertEquals(Double.POSITIVE_INFINITY, SizeSearch.pointSizeFor(curve, 0.94, 40));
    assertEquals(0.93, SizeSearch.highestFrom(curve, 40));
    // a rising curve keeps its answer below the smallest size
    java.util.function.DoubleUnaryOperator rising = n -> 0.9 - 0.1 / n;
    assertEquals(2, SizeSearch.pointSizeFor(rising, 0.85, 40));
  }
}
