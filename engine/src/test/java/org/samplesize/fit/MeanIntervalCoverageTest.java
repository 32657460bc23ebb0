package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The default answer ({@code --family auto}: the calibrated mean of the families) on simulated
 * curves that follow one family, 4 sizes × 5 repeats like the recipe's: the 90% interval at 2× the
 * largest size covers the truth at about the nominal rate (here 87, 95 and 85 of 100; see
 * docs/method.md for 1000 curves of each of twelve truths), the size interval for the true value
 * taken as the target agrees with it, and its upper end is bounded more often than the selection
 * answer's (14–37 of 100 against 0–26).
 *
 * <p>The exp3 truth is the hard case: it has levelled off by the largest size and every other
 * family overshoots it, so the mean does too. Calibrated on real curves alone, the interval covered
 * it in 1 of 100 curves; the guard (the best-fitting of pow4, exp3, mmf4 and wbl4 joining its own
 * interval) brings it to about 88. Margins: {@code AutoIntervalHarness} (1000 curves a truth, B =
 * 1000) measured the rates given in docs/method.md; at a true rate of 0.845 the chance of 74 or
 * fewer of 100 is below 1% (binomial).
 */
class MeanIntervalCoverageTest {

  @Test
  void exponentialTruthThatHasLevelledOff() {
    check(CurveFamily.EXP3, new double[] {-0.3, 0.004, 0.90}, 0.01, 102, 75);
  }

  @Test
  void powerLawTruth() {
    check(CurveFamily.POW3, new double[] {0.93, 2.3, 0.5}, 0.01, 101, 75);
  }

  @Test
  void morganMercerFlodinTruthWithMoreNoise() {
    check(CurveFamily.MMF4, new double[] {0.2, 110.6, 0.92, 1.2}, 0.02, 103, 75);
  }

  private static void check(
      CurveFamily truth, double[] params, double sigma, long seed, int atLeast) {
    int curves = CoverageStudy.CURVES;
    CoverageStudy study = CoverageStudy.of("mean-" + truth.id(), truth, params, sigma, seed);
    double want = study.want();
    int covered = 0;
    int targetCovered = 0;
    int bounded = 0;
    double width = 0;
    for (CurveFit f : new LearningCurveFitter(study.options()).fit(study.table())) {
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
    assertTrue(covered >= atLeast, what);
    assertTrue(Math.abs(targetCovered - covered) <= 5, what);
    // the selection answer's upper end was bounded for 0 to 26 of 100 such curves
    assertTrue(bounded >= 10, what);
    assertTrue(width / curves < 0.08 + 6 * sigma, what);
  }
}
