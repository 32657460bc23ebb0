package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentTest {

  @Test
  void anIntervalsEndsRoundOutwards() {
    assertEquals("88.6–93.2%", Percent.range(0.886768, 0.931801));
    // ends already on the grid stay where they are
    assertEquals("88.6–93.2%", Percent.range(0.886, 0.932));
  }

  /**
   * An upper end of 0 (a curve at 0 everywhere fitted by one family: every replicate is 0) rounded
   * up to -0.0, printed "0.0–-0.0%".
   */
  @Test
  void anUpperEndOfZeroIsNotPrintedNegative() {
    assertEquals("0.0", Percent.up(0));
    assertEquals("0.0–0.0%", Percent.range(0, 0));
    assertEquals("0.0", Percent.down(0));
  }

  /** A target rounded to one decimal read as another number: 0.9995 as 100.0%, 0.8995 as 90.0%. */
  @Test
  void aTargetIsNamedWithTheDigitsGiven() {
    assertEquals("99.95%", Percent.target(0.9995));
    assertEquals("89.95%", Percent.target(0.8995));
    assertEquals("90%", Percent.target(0.9));
    assertEquals("57%", Percent.target(0.57));
    assertEquals("levels off at 92.6%, below 99.95%", Percent.levelsOffBelow(0.926, 0.9995));
    assertEquals("levels off at 99.9%, below 99.95%", Percent.levelsOffBelow(0.99949, 0.9995));
  }

  @Test
  void targetsInWarningsAreNamedWithTheDigitsGiven() {
    // The answer's sentence names a target with its digits (Percent.target); the warnings beside
    // it must name the same number, not a six-decimal rounding of it.
    assertEquals("0.30000000000000004", Percent.fraction(0.1 + 0.2));
    assertEquals("0.1234567", Percent.fraction(0.1234567));
    assertEquals("0.95", Percent.fraction(0.95));
    assertEquals("0.9", Percent.fraction(0.90));
    assertEquals("1", Percent.fraction(1.0));
    assertEquals("0.0000001", Percent.fraction(1e-7));
  }
}
