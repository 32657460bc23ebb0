package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Over 200 simulated noisy curves the 90% bootstrap interval for the 2x extrapolation covers the
 * true value at least 85% of the time.
 */
class IntervalCoverageTest {

  @Test
  void ninetyPercentIntervalAtTwiceTheLargestSizeCoversTheTruth() {
    double[] truth = {0.93, 1.5, 0.5}; // pow3: c − a·n^(−alpha)
    double[] sizes = {100, 200, 400, 800};
    int curves = 200;
    ResultsTable table =
        Examples.syntheticTable(
            "coverage",
            CurveFamily.POW3,
            truth,
            sizes,
            5,
            0.01,
            curves,
            new SplittableRandom(2024));
    FitOptions o =
        FitOptions.defaults()
            .withFamilies(List.of(CurveFamily.POW3))
            .withBootstrap(200)
            .withSeed(11)
            .withPredict(List.of(SampleSize.parse("2x")));
    List<CurveFit> fits = new LearningCurveFitter(o).fit(table);
    double want = CurveFamily.POW3.value(1600, truth);
    int covered = 0;
    List<String> misses = new ArrayList<>();
    for (CurveFit f : fits) {
      Prediction p = f.chosenFit().predictions().get(0);
      if (p.lo() <= want && want <= p.hi()) {
        covered++;
      } else if (misses.size() < 5) {
        misses.add(p.toString());
      }
    }
    double rate = covered / (double) curves;
    assertTrue(rate >= 0.85, "coverage " + rate + " < 0.85; e.g. " + misses);
  }
}
