package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the numbers of the selection fit (every family named, selection-aware intervals, B = 1000,
 * seed 42) so that a change meant only for speed cannot move them: every number of the fit is the
 * same for 1 and 2 threads, and a few are pinned to the values main gave before the speed work
 * (commit 8866a1e), to 1e-12 (bit for bit on x86-64; the tolerance only leaves room for a
 * last-digit difference of {@code Math.pow} on another platform).
 */
class FitRegressionTest {

  /** Every family named: the selection rule's answer with selection-aware intervals. */
  private static FitOptions defaults() {
    return FitOptions.defaults()
        .withFamilies(List.of(CurveFamily.values()))
        .withPredict(List.of(new SampleSize(3303, false), SampleSize.parse("2x")))
        .withTargets(List.of(0.9, 0.95));
  }

  /** Five sizes, so the 4-parameter families get leave-last-size-out fits too. */
  private static CurveData fiveSizes() {
    return Examples.synthetic(
        CurveFamily.POW3,
        new double[] {0.92, 2.3, 0.5},
        new double[] {100, 200, 400, 800, 1600},
        5,
        0.015,
        new SplittableRandom(3));
  }

  @Test
  void theRecipeTableGivesTheSameNumbersForOneAndTwoThreadsAndAsBefore() {
    FitOptions o = defaults();
    CurveFit one = new LearningCurveFitter(o.withThreads(1)).fit(Examples.recipeTable()).get(0);
    CurveFit two = new LearningCurveFitter(o.withThreads(2)).fit(Examples.recipeTable()).get(0);
    assertArrayEquals(numbers(one), numbers(two));
    assertEquals(one.bootstrapChoices(), two.bootstrapChoices());

    assertEquals("pow3", one.chosen());
    assertEquals(
        Map.of("pow2", 6, "pow3", 344, "exp3", 194, "log2", 126, "vap3", 176, "last1", 154),
        one.bootstrapChoices());
    Prediction at3303 = one.predictions().get(0);
    pin(0.9073663930135984, at3303.accuracy());
    pin(0.8864905748138645, at3303.lo());
    pin(0.9676092519010057, at3303.hi());
    TargetEstimate t95 = one.targets().get(1);
    assertEquals(2513, t95.lo(), 0);
    assertEquals(407, one.targets().get(0).lo(), 0);
    pin(0.013663150682125091, one.answerInterval().medianMargin());
    Prediction pow2 = one.family("pow2").predictions().get(0);
    pin(0.9487070076931325, pow2.accuracy());
    pin(0.9186301837882447, pow2.lo());
    pin(0.9773724153450500, pow2.hi());
    Prediction exp3 = one.family("exp3").predictions().get(1);
    pin(0.8892809321984414, exp3.lo());
    pin(0.9226940627099740, exp3.hi());
  }

  @Test
  void fiveSizesGiveTheSameNumbersForOneAndTwoThreadsAndAsBefore() {
    FitOptions o = defaults().withBootstrap(300);
    CurveFit one = new LearningCurveFitter(o.withThreads(1)).fit(fiveSizes());
    CurveFit two = new LearningCurveFitter(o.withThreads(2)).fit(fiveSizes());
    assertArrayEquals(numbers(one), numbers(two));
    assertEquals(one.bootstrapChoices(), two.bootstrapChoices());

    assertEquals("vap3", one.chosen());
    assertEquals(
        Map.of(
            "pow2", 2, "pow3", 119, "pow4", 17, "exp3", 2, "log2", 52, "vap3", 106, "mmf4", 1,
            "wbl4", 1),
        one.bootstrapChoices());
    Prediction at3303 = one.predictions().get(0);
    pin(0.8925587963606173, at3303.accuracy());
    pin(0.8584537595920108, at3303.lo());
    pin(0.9561442899976271, at3303.hi());
    pin(0.03285746097551756, one.family("wbl4").looError());
    pin(0.9095392890034877, one.family("mmf4").predictions().get(1).hi());
    assertEquals(4191, one.targets().get(0).n(), 0);
    assertEquals(1773, one.targets().get(0).lo(), 0);
    assertEquals(3084, one.targets().get(1).lo(), 0);
  }

  private static void pin(double expected, double actual) {
    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
  }

  /** Every number of a fit, in a fixed order. */
  static double[] numbers(CurveFit c) {
    List<Double> v = new ArrayList<>();
    for (Prediction p : c.predictions()) {
      v.addAll(List.of(p.n(), p.accuracy(), p.lo(), p.hi()));
    }
    for (TargetEstimate t : c.targets()) {
      v.addAll(List.of(t.n(), t.lo(), t.hi(), t.levelsOffAt()));
    }
    v.add(c.answerInterval() == null ? Double.NaN : c.answerInterval().medianMargin());
    for (FamilyFit f : c.families()) {
      if (!f.fitted()) {
        continue;
      }
      v.addAll(f.params().values());
      v.addAll(List.of(f.sse(), f.mse(), f.mae(), f.aicc(), f.looError()));
      v.add((double) f.bootstrapFailures());
      for (Prediction p : f.predictions()) {
        v.addAll(List.of(p.n(), p.accuracy(), p.lo(), p.hi()));
      }
      for (TargetEstimate t : f.targets()) {
        v.addAll(List.of(t.n(), t.lo(), t.hi(), t.levelsOffAt()));
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
