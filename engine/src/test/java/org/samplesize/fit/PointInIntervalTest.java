package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The answers are what the data say and every point estimate lies in its own interval: the
 * baseline's targets come from the measured means (not "1 image"), a falling curve's answer is held
 * as its replicates are, and an interval that the percentiles would place beside its point (a very
 * low level, a single replicate, a biased bootstrap) is extended to hold it, with a warning.
 */
class PointInIntervalTest {

  /** The table of the report: the last two size means level off, so last1 is chosen. */
  private static ResultsTable plateau() {
    return table(
        "plateau",
        new double[] {100, 200, 400, 800},
        new double[][] {{0.70, 0.72}, {0.80, 0.82}, {0.90, 0.91}, {0.90, 0.91}});
  }

  /** A curve that rises and then falls back. */
  private static ResultsTable falling() {
    return table(
        "falling",
        new double[] {100, 200, 400, 800},
        new double[][] {{0.70, 0.72}, {0.80, 0.82}, {0.78, 0.79}, {0.70, 0.71}});
  }

  private static ResultsTable table(String name, double[] sizes, double[][] values) {
    ResultsTable.Builder b = ResultsTable.builder(name);
    for (int i = 0; i < sizes.length; i++) {
      for (double v : values[i]) {
        b.add(sizes[i], v);
      }
    }
    return b.build();
  }

  private static FitOptions options() {
    return FitOptions.defaults().withThreads(2).withBootstrap(200);
  }

  @Test
  void theBaselinesTargetInterpolatesTheMeasuredMeans() {
    CurveFit fit =
        new LearningCurveFitter(
                options()
                    .withFamilies(List.of(CurveFamily.values()))
                    .withTargets(List.of(0.8, 0.9, 0.95)))
            .fit(plateau())
            .get(0);
    assertEquals("last1", fit.chosen(), fit.selection());
    TargetEstimate t = fit.targets().get(0);
    // 0.80 lies 9/10 of the way from the mean 0.71 at 100 to 0.81 at 200: 100·2^0.9 = 186.6
    assertTrue(t.reachable(), t.toString());
    assertEquals(187, t.n(), 0, t.toString());
    assertInside(t, "answer for 0.8");
    TargetEstimate own = fit.family("last1").targets().get(0);
    assertEquals(187, own.n(), 0, own.toString());
    assertInside(own, "last1 for 0.8");
    // 0.9 is first reached between 200 (0.81) and 400 (0.905)
    TargetEstimate nine = fit.targets().get(1);
    assertTrue(nine.n() > 200 && nine.n() <= 400, nine.toString());
    assertInside(nine, "answer for 0.9");
    // no measured mean reaches 0.95, and the baseline stays flat beyond the data
    TargetEstimate far = fit.family("last1").targets().get(2);
    assertTrue(!far.reachable(), far.toString());
    assertEquals(0.905, far.levelsOffAt(), 1e-12);
  }

  @Test
  void measuredSizesInterpolateInLogSizeAndNeverLeaveTheData() {
    double[] n = {100, 200, 400};
    double[] m = {0.7, 0.8, 0.9};
    assertEquals(100, SizeSearch.measuredSizeFor(n, m, 0.6), "met at the smallest size");
    assertEquals(100, SizeSearch.measuredSizeFor(n, m, 0.7));
    assertEquals(142, SizeSearch.measuredSizeFor(n, m, 0.75), "100·√2 = 141.4");
    assertEquals(200, SizeSearch.measuredSizeFor(n, m, 0.8));
    assertEquals(400, SizeSearch.measuredSizeFor(n, m, 0.9));
    assertEquals(Double.POSITIVE_INFINITY, SizeSearch.measuredSizeFor(n, m, 0.91), "never met");
    // a falling curve: the first size whose mean reaches the target
    assertEquals(100, SizeSearch.measuredSizeFor(n, new double[] {0.9, 0.8, 0.7}, 0.85));
  }

  @Test
  void aFallingCurvesAnswerLiesInItsInterval() {
    CurveFit fit =
        new LearningCurveFitter(options().withFamilies(List.of(CurveFamily.values())))
            .fit(falling())
            .get(0);
    Prediction p = fit.predictions().get(0);
    assertEquals(1600, p.n(), 0);
    assertInside(p, "answer at 2x of " + fit.chosen());
    FamilyFit chosen = fit.chosenFit();
    double atLargest = FamilyFit.clampToUnit(chosen.family().value(1, chosen.scaledParams()));
    if (chosen.predictions().get(0).accuracy() < atLargest) {
      assertEquals(atLargest, p.accuracy(), 1e-12, "held at the value at the largest size");
      assertTrue(
          fit.warnings().stream().anyMatch(w -> w.contains("falls beyond the largest size")),
          fit.warnings().toString());
    }
    assertEverythingInside(fit);
  }

  @Test
  void aFallingCurveAnswersATargetFromTheMeasuredMeansNotFromSizeOne() {
    ResultsTable down =
        table(
            "down",
            new double[] {100, 200, 400, 800},
            new double[][] {{0.78, 0.77}, {0.76, 0.74}, {0.72, 0.71}, {0.70, 0.69}});
    CurveFit fit = new LearningCurveFitter(options().withTargets(List.of(0.75))).fit(down).get(0);
    TargetEstimate t = fit.targets().get(0);
    assertEquals(100, t.n(), 0, fit.chosen() + ": " + t);
    assertInside(t, "answer for 0.75");
  }

  /**
   * Every model perfect: pow3 alone is at 1 from size 1 on, and its answer for 0.8 comes from the
   * measured means (100). Its lower end, stretched to hold the "1 image" that answer replaced, read
   * "100 [1, 100]" where the default answer and last1 say "100 [at most 100]".
   */
  @Test
  void aChosenCurveAtTheTargetFromSizeOneKeepsItsLowerEndAtTheSmallestSize() {
    ResultsTable perfect =
        table(
            "perfect",
            new double[] {100, 200, 400, 800},
            new double[][] {{1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}});
    CurveFit fit =
        new LearningCurveFitter(
                options().withFamilies(List.of(CurveFamily.POW3)).withTargets(List.of(0.8)))
            .fit(perfect)
            .get(0);
    TargetEstimate t = fit.targets().get(0);
    assertEquals(100, t.n(), 0, t.describe());
    assertEquals(100, t.lo(), 0, t.describe());
    assertTrue(t.loAtMost(), t.describe());
    assertEquals("100 [at most 100]", t.describe());
  }

  @Test
  void aTinyLevelStillHoldsThePoint() {
    CurveFit fit =
        new LearningCurveFitter(options().withLevel(0.0001).withTargets(List.of(0.85)))
            .fit(plateau())
            .get(0);
    assertEverythingInside(fit);
    assertTrue(
        fit.warnings().stream().anyMatch(w -> w.contains("extended to reach it")),
        fit.warnings().toString());
  }

  @Test
  void aSingleReplicateHoldsThePointAndWarns() {
    CurveFit fit =
        new LearningCurveFitter(options().withBootstrap(1).withTargets(List.of(0.85)))
            .fit(plateau())
            .get(0);
    assertEverythingInside(fit);
    assertTrue(
        fit.warnings().stream().anyMatch(w -> w.startsWith("only 1 bootstrap replicate")),
        fit.warnings().toString());
    CurveFit enough = new LearningCurveFitter(options()).fit(Examples.recipeTable()).get(0);
    assertTrue(
        enough.warnings().stream().noneMatch(w -> w.contains("bootstrap replicate:")),
        enough.warnings().toString());
  }

  @Test
  void holdPointExtendsOnlyTheNearerEnd() {
    double[] in = Intervals.holdPoint(0.5, new double[] {0.4, 0.6});
    assertEquals(List.of(0.4, 0.6, 0.0), List.of(in[0], in[1], in[2]));
    double[] below = Intervals.holdPoint(0.3, new double[] {0.4, 0.6});
    assertEquals(List.of(0.3, 0.6, 1.0), List.of(below[0], below[1], below[2]));
    double[] never = Intervals.holdPoint(Double.POSITIVE_INFINITY, new double[] {200, 900});
    assertEquals(
        List.of(200.0, Double.POSITIVE_INFINITY, 1.0), List.of(never[0], never[1], never[2]));
    double[] off = Intervals.holdPoint(0.3, new double[] {Double.NaN, Double.NaN});
    assertTrue(Double.isNaN(off[0]) && off[2] == 0);
  }

  /**
   * Property: over many random small tables (rising, flat, falling, noisy; 2 to 5 sizes; 1 to 3
   * repeats), levels and replicate counts, every point estimate (the answer and every family's row,
   * predictions and targets) lies in its interval.
   */
  @Test
  void everyPointLiesInItsIntervalOverRandomSmallTables() {
    SplittableRandom rng = new SplittableRandom(20240611);
    double[] levels = {0.0001, 0.5, 0.9, 0.99};
    for (int k = 0; k < 40; k++) {
      int m = 2 + rng.nextInt(4);
      double slope = rng.nextDouble(-0.08, 0.12);
      double start = rng.nextDouble(0.3, 0.8);
      double noise = rng.nextDouble(0.0, 0.04);
      ResultsTable.Builder b = ResultsTable.builder("t" + k);
      double n = 20 + rng.nextInt(200);
      for (int i = 0; i < m; i++) {
        int repeats = 1 + rng.nextInt(3);
        for (int r = 0; r < repeats; r++) {
          double v = start + slope * i + noise * Examples.gaussian(rng);
          b.add(n, Math.min(1, Math.max(0, v)));
        }
        n = Math.round(n * rng.nextDouble(1.3, 3));
      }
      List<Double> targets = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        targets.add(rng.nextDouble(0.05, 0.99));
      }
      FitOptions o =
          FitOptions.defaults()
              .withThreads(1)
              .withSeed(k)
              .withBootstrap(1 + rng.nextInt(40))
              .withLevel(levels[rng.nextInt(levels.length)])
              .withTargets(targets)
              .withPredict(
                  List.of(
                      SampleSize.parse("0.5x"),
                      SampleSize.parse("1x"),
                      SampleSize.parse("2x"),
                      SampleSize.parse("10x")));
      for (CurveFit fit : new LearningCurveFitter(o).fit(b.build())) {
        assertEverythingInside(fit);
      }
    }
  }

  private static void assertEverythingInside(CurveFit fit) {
    String where = fit.curve() + " (" + fit.chosen() + ")";
    for (Prediction p : fit.predictions()) {
      assertInside(p, where + " answer at " + p.n());
    }
    for (TargetEstimate t : fit.targets()) {
      assertInside(t, where + " answer for " + t.accuracy());
    }
    for (FamilyFit f : fit.families()) {
      for (Prediction p : f.predictions()) {
        assertInside(p, where + " " + f.family().id() + " at " + p.n());
      }
      for (TargetEstimate t : f.targets()) {
        assertInside(t, where + " " + f.family().id() + " for " + t.accuracy());
      }
    }
  }

  private static void assertInside(Prediction p, String what) {
    if (p.hasInterval()) {
      assertTrue(p.lo() <= p.accuracy() && p.accuracy() <= p.hi(), what + ": " + p);
    }
  }

  private static void assertInside(TargetEstimate t, String what) {
    if (t.hasInterval()) {
      double n = t.reachable() ? t.n() : Double.POSITIVE_INFINITY;
      assertTrue(t.lo() <= n && n <= t.hi(), what + ": " + t);
    }
  }
}
