package org.samplesize.fit;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated coverage study at twice the largest size, shared by the interval coverage tests:
 * {@link #CURVES} curves that follow {@code truth} at 100, 200, 400 and 800 images with 5 repeats
 * each, and the options of a fit that predicts at 2× (1600 images) with B = 100 and 2 threads,
 * taking the true value there as its target.
 *
 * @param table the simulated curves
 * @param want the true value at 1600 images
 * @param options the fit's options (its families are the default; a test may name others)
 */
record CoverageStudy(ResultsTable table, double want, FitOptions options) {
  /** Curves per study. */
  static final int CURVES = 100;

  private static final double[] SIZES = {100, 200, 400, 800};

  /**
   * Simulates the curves and sets up the fit.
   *
   * @param name the curves' name prefix
   * @param truth the family the curves follow
   * @param params its parameters
   * @param sigma the noise of each accuracy
   * @param seed the seed of the curves and of the bootstrap
   * @return the study
   */
  static CoverageStudy of(
      String name, CurveFamily truth, double[] params, double sigma, long seed) {
    ResultsTable table =
        Examples.syntheticTable(
            name, truth, params, SIZES, 5, sigma, CURVES, new SplittableRandom(seed));
    double want = truth.value(1600, params);
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(100)
            .withSeed(seed)
            .withThreads(2)
            .withPredict(List.of(SampleSize.parse("2x")))
            .withTargets(List.of(want));
    return new CoverageStudy(table, want, o);
  }
}
