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
}
