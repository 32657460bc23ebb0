package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where a curve that does not reach a target stops: levels off, or falls. */
class SizeSearchTest {

  @Test
  void aRisingCurveLevelsOffAndAFallingOneDoesNot() {
    // Rising to 0.8, still below it at the largest measured size: it levels off at its highest.
    assertFalse(SizeSearch.fallsFrom(n -> 0.8 - 0.5 / Math.sqrt(n), 2, 18));
    // Falling towards 0 from 20% at 1 image: its highest is at the smallest size.
    assertTrue(SizeSearch.fallsFrom(n -> 0.2 * Math.pow(n, -3), 1, 5));
    // 20% at 1, 0 from 2 to thousands, then back up to 20% far beyond the data (as a mean of
    // families can, one of which explodes there): its highest is its end, yet it fell where the
    // data are, and "levels off at 20.0%" contradicted its 0.0% with all the class's images.
    assertTrue(SizeSearch.fallsFrom(n -> n < 1.5 ? 0.195 : n < 2000 ? 0 : 0.2, 1, 5));
    // A flat curve neither falls nor rises.
    assertFalse(SizeSearch.fallsFrom(n -> 0.7, 1, 100));
    // A flat curve's wobble of a tenth of a point under noise is not a fall.
    assertFalse(SizeSearch.fallsFrom(n -> 0.7 + 0.001 / n, 1, 100));
    assertTrue(SizeSearch.fallsFrom(n -> 0.7 + 0.02 / n, 1, 100));
  }

  @Test
  void aFallingCurveIsWordedByItsHighestValueNotAsLevellingOff() {
    assertEquals("never rises above 20.0%, below 90%", Percent.levelsOffBelow(0.2, 0.9, true));
    assertEquals("levels off at 20.0%, below 90%", Percent.levelsOffBelow(0.2, 0.9, false));
    assertEquals("never quite reaches 90%", Percent.levelsOffBelow(0.8999999999999999, 0.9, true));
    assertEquals(
        "not reachable: the curve never rises above 20.0%, below 90%",
        new TargetEstimate(0.9, Double.NaN, Double.NaN, Double.NaN, false, 0.2, false, true)
            .describe());
  }
}
