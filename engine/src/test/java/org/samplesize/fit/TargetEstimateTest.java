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
    String expected = "not reachable: the curve levels off at 0.9082 < 0.95";
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
        "not reachable: the curve levels off just below 0.9",
        new TargetEstimate(0.9, NAN, NAN, NAN, false, 0.8999999999999999).describe());
    assertEquals(
        "not reachable: the curve levels off at 0.8999 < 0.9",
        new TargetEstimate(0.9, NAN, NAN, NAN, false, 0.89994).describe());
  }

  @Test
  void anUnreachableTargetWithAFiniteLowerEndSaysTheIntervalReachesIt() {
    TargetEstimate t = new TargetEstimate(0.95, NAN, 2513, INF, false, 0.90823);
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 0.9082 < 0.95);"
            + " interval [2513, unbounded]",
        t.describe());
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 0.9082 < 0.95);"
            + " 90% interval [2513, unbounded]",
        t.describe(0.9));
    assertEquals(
        "not reachable by the point estimate (the curve levels off at 0.9082 < 0.95);"
            + " 80% interval [2513, 40000]",
        new TargetEstimate(0.95, NAN, 2513, 40000, false, 0.90823).describe(0.8));
  }
}
