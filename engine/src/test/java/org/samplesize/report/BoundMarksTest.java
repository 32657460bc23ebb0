package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samplesize.fit.Prediction;

class BoundMarksTest {

  /**
   * fit's table printed an interval's ends to nearest (0.88677 as 0.8868, above the computed end):
   * they round outwards, as every other text prints an interval.
   */
  @Test
  void anIntervalsEndsRoundOutwards() {
    BoundMarks marks = new BoundMarks();
    assertEquals(
        "0.9184 [0.8867, 0.9319]",
        marks.prediction(new Prediction(3303, 0.91842, 0.88677, 0.93181)));
    // ends already on the grid stay where they are
    assertEquals("0.9000 [0.8500, 0.9500]", marks.prediction(new Prediction(10, 0.9, 0.85, 0.95)));
    assertFalse(marks.any());
  }

  @Test
  void anEndOnABoundIsStillMarked() {
    BoundMarks marks = new BoundMarks();
    assertEquals(
        "0.9985 [0.9498, 1.0000^]", marks.prediction(new Prediction(10, 0.9985, 0.94981, 1.0)));
    assertTrue(marks.any());
  }

  /**
   * An upper end of 0 (a curve at 0 everywhere fitted by one family) rounded up to -0.0 and printed
   * "-0.0000".
   */
  @Test
  void anUpperEndOfZeroIsNotPrintedNegative() {
    BoundMarks marks = new BoundMarks();
    assertEquals("0.0000^ [0.0000^, 0.0000^]", marks.prediction(new Prediction(200, 0, 0, 0)));
  }
}
