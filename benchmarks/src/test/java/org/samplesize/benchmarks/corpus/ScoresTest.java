package org.samplesize.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoresTest {

  private static CorpusCurve.Truth truth(double acc, double size) {
    return new CorpusCurve.Truth(2, size, acc, Double.NaN, 5, 100);
  }

  @Test
  void errorsCoverageWidthAndSkewInPercentagePoints() {
    Scores s = new Scores();
    // Too low by 2 pp, interval [0.77, 0.83] holds 0.80: down 1, up 5.
    s.add(truth(0.80, 200), new Answer.Point(2, 200, 0.78, 0.77, 0.83), null);
    // Too high by 1 pp, interval [0.885, 0.92] misses 0.88: down 0.5, up 3.
    s.add(truth(0.88, 200), new Answer.Point(2, 200, 0.89, 0.885, 0.92), null);
    // Too low by 4 pp, no interval.
    s.add(truth(0.70, 200), new Answer.Point(2, 200, 0.66, Double.NaN, Double.NaN), null);
    s.add(truth(0.70, 200), null, null);
    assertEquals(3, s.count());
    assertEquals(1, s.missing());
    assertEquals(2.0, s.medianAbsError(), 1e-9);
    assertEquals((-2 + 1 - 4) / 3.0, s.meanError(), 1e-9);
    assertEquals(-2.0, s.medianError(), 1e-9);
    assertEquals(2, s.withInterval());
    assertEquals(1, s.covered());
    assertEquals((6 + 3.5) / 2, s.medianWidth(), 1e-9);
    assertEquals((1 + 0.5) / 2, s.medianDown(), 1e-9);
    assertEquals((5 + 3) / 2.0, s.medianUp(), 1e-9);
  }

  @Test
  void targetsCountCoverageAndBoundedUpperEnds() {
    Scores s = new Scores();
    s.add(truth(0.9, 200), null, new Answer.Size(2, 0.9, 100, 50, 400));
    s.add(truth(0.9, 200), null, new Answer.Size(2, 0.9, 800, 300, Double.POSITIVE_INFINITY));
    s.add(
        truth(0.9, 200),
        null,
        new Answer.Size(2, 0.9, Double.POSITIVE_INFINITY, 150, Double.POSITIVE_INFINITY));
    assertEquals(3, s.targets());
    assertEquals(3, s.targetIntervals());
    assertEquals(2, s.targetCovered());
    assertEquals(1, s.targetBounded());
    // |log2| of 0.5, 4 and infinity: 1, 2, infinity -> median 2.
    assertEquals(2.0, s.targetMedianAbsLog2(), 1e-12);
  }

  @Test
  void medianOfEvenCountsAndInfinities() {
    assertEquals(2.5, Scores.median(new double[] {4, 1, 3, 2}), 1e-12);
    assertEquals(
        Double.POSITIVE_INFINITY,
        Scores.median(new double[] {1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}));
    assertEquals(
        Double.POSITIVE_INFINITY,
        Scores.median(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}));
    assertEquals(3.0, Scores.median(new double[] {Double.NaN, 3}), 1e-12);
  }
}
