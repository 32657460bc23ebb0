package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default answer ({@code --family auto}: the calibrated mean of the families) on simulated
 * power-law curves, 4 sizes × 5 repeats like the recipe's: the answer is the mean curve's value,
 * the size interval for the true value taken as the target agrees with the accuracy interval, and
 * its upper end is bounded (the selection answer's was unbounded for most of these curves).
 *
 * <p>Known gap, measured here and in docs/method.md: the calibration is learned on real learning
 * curves, where no single family is the truth. On simulated curves that follow one family exactly
 * it covers less than nominal: 75 of 100 for this power-law truth, about half for an mmf4 truth and
 * almost never for an exp3 truth that has levelled off by the largest size (the mean of the
 * families overshoots it). The assertions pin the power-law case at no less than 65 of 100.
 */
class MeanIntervalCoverageTest {

  private static final double[] SIZES = {100, 200, 400, 800};

  @Test
  void powerLawTruth() {
    check(CurveFamily.POW3, new double[] {0.93, 2.3, 0.5}, 0.01, 101);
  }

  private static void check(CurveFamily truth, double[] params, double sigma, long seed) {
    int curves = 100;
    ResultsTable table =
        Examples.syntheticTable(
            "mean-" + truth.id(),
            truth,
            params,
            SIZES,
            5,
            sigma,
            curves,
            new SplittableRandom(seed));
    double want = truth.value(1600, params);
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(100)
            .withSeed(seed)
            .withThreads(2)
            .withPredict(List.of(SampleSize.parse("2x")))
            .withTargets(List.of(want));
    int covered = 0;
    int targetCovered = 0;
    int bounded = 0;
    double width = 0;
    for (CurveFit f : new LearningCurveFitter(o).fit(table)) {
      assertEquals(CurveFit.INTERVAL_MEAN, f.interval());
      Prediction p = f.predictions().get(0);
      assertEquals(f.value(1600), p.accuracy());
      covered += p.lo() <= want && want <= p.hi() ? 1 : 0;
      TargetEstimate t = f.targets().get(0);
      targetCovered += t.lo() <= 1600 && 1600 <= t.hi() ? 1 : 0;
      bounded += Double.isFinite(t.hi()) ? 1 : 0;
      width += p.hi() - p.lo();
    }
    String what =
        String.format(
            "%s: coverage %d, target coverage %d, bounded %d of %d, mean width %.4f",
            truth.id(), covered, targetCovered, bounded, curves, width / curves);
    assertTrue(covered >= 65 && covered <= 95, what);
    assertTrue(Math.abs(targetCovered - covered) <= 5, what);
    assertTrue(bounded >= 90, what);
  }
}
