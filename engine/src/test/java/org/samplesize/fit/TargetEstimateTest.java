package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TargetEstimateTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  @Test
  void aReachableTargetGivesTheSizeAndItsInterval() {
    assertEquals("1843", new TargetEstimate(0.9, 1843, NAN, NAN, true, NAN).describe());
    assertEquals(
        "1843 [1201, 3310]", new TargetEstimate(0.9, 1843, 1201, 3310, true, NAN).describe());
    assertEquals(
        "1843 [1201, unbounded]",
        new TargetEstimate(0.9, 1843, 1201, INF, true, NAN).describe(0.9));
  }

  @Test
  void anUnreachableTargetWithoutAFiniteLowerEndIsNotReachable() {
    String expected = "not reachable: the curve levels off at 90.8%, below 95%";
    assertEquals(expected, new TargetEstimate(0.95, NAN, NAN, NAN, false, 0.90823).describe());
    assertEquals(expected, new TargetEstimate(0.95, NAN, INF, INF, false, 0.90823).describe(0.9));
  }

  /**
   * A curve that levels off a rounding error below the target (0.8999999999999999 for 0.9, as on a
   * class whose recalls are tenths) said "levels off at 0.9000 < 0.9".
   */
  @Test
  void aLevelAHairBelowTheTargetIsNotPrintedAsTheTargetItself() {
    assertEquals(
        "not reachable: the curve levels off just below 90%",
        new TargetEstimate(0.9, NAN, NAN, NAN, false, 0.8999999999999999).describe());
    assertEquals(
        "not reachable: the curve levels off just below 90%",
        new TargetEstimate(0.9, NAN, NAN, NAN, false, 0.89994).describe());
    assertEquals(
        "not reachable: the curve levels off at 89.9%, below 90%",
        new TargetEstimate(0.9, NAN, NAN, NAN, false, 0.899).describe());
  }

  /**
   * The per-class table printed "levels off at 0.9076 < 0.92" beside percentages everywhere else.
   */
  @Test
  void whereTheCurveLevelsOffIsAPercentageAsInEveryOtherText() {
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 92%);"
            + " 90% interval [808, unbounded]",
        new TargetEstimate(0.92, NAN, 808, INF, false, 0.9075936).describe(0.9));
    assertEquals(
        "not reachable: the curve levels off at 94.4%, below 95%",
        new TargetEstimate(0.95, NAN, NAN, NAN, false, 0.943932).describe());
  }

  @Test
  void aLowerEndAtTheSmallestMeasuredSizeReadsAtMost() {
    assertEquals(
        "61 [at most 40, 109]", new TargetEstimate(0.86, 61, 40, 109, true, NAN, true).describe());
    assertEquals(
        "40 [at most 40]", new TargetEstimate(0.8, 40, 40, 40, true, NAN, true).describe());
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 92%);"
            + " 90% interval [at most 36, unbounded]",
        new TargetEstimate(0.92, NAN, 36, INF, false, 0.9075936, true).describe(0.9));
  }

  @Test
  void anUnreachableTargetWithAFiniteLowerEndSaysTheIntervalReachesIt() {
    TargetEstimate t = new TargetEstimate(0.95, NAN, 2513, INF, false, 0.90823);
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 95%);"
            + " interval [2513, unbounded]",
        t.describe());
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 95%);"
            + " 90% interval [2513, unbounded]",
        t.describe(0.9));
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 90.8%, below 95%);"
            + " 80% interval [2513, 40000]",
        new TargetEstimate(0.95, NAN, 2513, 40000, false, 0.90823).describe(0.8));
  }
}
