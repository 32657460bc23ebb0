package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class FarFromTheMeansTest {
  /** Five repeats with sample standard deviation 0.01: a standard error of 0.01 / √5. */
  private static SizeSummary size(double n, double mean) {
    double sampleSd = 0.01;
    return new SizeSummary(n, 5, mean, sampleSd * Math.sqrt(4.0 / 5.0));
  }

  private static final double SE = 0.01 / Math.sqrt(5);

  @Test
  void countsAMissInStandardErrorsOfTheMeasuredMean() {
    List<SizeSummary> sizes = List.of(size(100, 0.70), size(200, 0.80));
    FarFromTheMeans.Miss m =
        FarFromTheMeans.worst(n -> n < 150 ? 0.70 + 12 * SE : 0.80, sizes, 10, 0.01);
    assertEquals(100, m.at().size());
    assertEquals(12, m.standardErrors(), 1e-9);
    assertEquals(0.70 + 12 * SE, m.value(), 1e-12);
  }

  @Test
  void takesTheSizeMissedByTheMostStandardErrors() {
    List<SizeSummary> sizes = List.of(size(100, 0.70), size(200, 0.80));
    FarFromTheMeans.Miss m =
        FarFromTheMeans.worst(n -> n < 150 ? 0.70 + 11 * SE : 0.80 - 13 * SE, sizes, 10, 0.01);
    assertEquals(200, m.at().size());
    assertEquals(13, m.standardErrors(), 1e-9);
  }

  @Test
  void aMissMustExceedBothTheStandardErrorsAndThePoints() {
    List<SizeSummary> sizes = List.of(size(100, 0.70));
    // 9 standard errors (0.040): not past 10
    assertNull(FarFromTheMeans.worst(n -> 0.70 + 9 * SE, sizes, 10, 0.01));
    // 12 standard errors but 0.054 < 0.06 of the metric
    assertNull(FarFromTheMeans.worst(n -> 0.70 + 12 * SE, sizes, 10, 0.06));
  }

  @Test
  void sizesWithoutNoiseArePassedOver() {
    // one repeat, and repeats that all read the same: nothing to count a miss in
    List<SizeSummary> sizes =
        List.of(new SizeSummary(100, 1, 0.70, 0), new SizeSummary(200, 5, 0.80, 0));
    assertNull(FarFromTheMeans.worst(n -> 0.0, sizes, 10, 0.01));
  }
}
