package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RisingEnvelopeTest {

  @Test
  void beyondTheStartItHoldsTheHighestValueSoFar() {
    // A curve peaking at 1000 (value 0.9) and falling after it.
    RisingEnvelope e = new RisingEnvelope(n -> 0.9 - 0.01 * Math.pow(Math.log(n / 1000), 2), 100);
    assertEquals(0.9 - 0.01 * Math.pow(Math.log(0.05), 2), e.at(50), 1e-15, "below: the curve");
    assertEquals(0.9 - 0.01 * Math.pow(Math.log(0.5), 2), e.at(500), 1e-15, "rising: the curve");
    assertEquals(0.9, e.at(1000), 1e-12);
    assertEquals(0.9, e.at(5000), 1e-12, "after the peak: the peak");
    assertEquals(0.9, e.at(1e9), 1e-12);
  }

  @Test
  void aCurveFallingFromTheStartStaysAtItsValueThere() {
    RisingEnvelope e = new RisingEnvelope(n -> 1 / Math.log(n), 100);
    assertEquals(1 / Math.log(100), e.at(100), 1e-15);
    assertEquals(1 / Math.log(100), e.at(1e6), 1e-15);
    assertEquals(1 / Math.log(10), e.at(10), 1e-15, "below the start: the curve");
  }

  @Test
  void aRisingCurveIsItself() {
    RisingEnvelope e = new RisingEnvelope(n -> 1 - 1 / Math.sqrt(n), 100);
    for (double n : List.of(100.0, 150.0, 1e3, 1e5, 1e9)) {
      assertEquals(1 - 1 / Math.sqrt(n), e.at(n), 0, "at " + n);
    }
  }

  @Test
  void twoPeaksTheEnvelopeStepsUpAtEachHigherOne() {
    // Peaks near 300 (0.8) and 30,000 (0.85), a dip between.
    RisingEnvelope e =
        new RisingEnvelope(
            n -> {
              double x = Math.log10(n);
              return 0.8 * Math.exp(-Math.pow(x - 2.477, 2) * 4)
                  + 0.85 * Math.exp(-Math.pow(x - 4.477, 2) * 4);
            },
            100);
    double prev = 0;
    for (double n = 100; n < 1e8; n *= 1.07) {
      double v = e.at(n);
      assertTrue(v >= prev - 1e-12, "falls at " + n + ": " + v + " < " + prev);
      prev = v;
    }
    assertEquals(0.8, e.at(3000), 2e-3);
  }

  @Test
  void aPeakJustPastTheStartOrJustBelowTheTopIsHeld() {
    // Within the first grid cell (a 16th of a doubling past the start): the curve rises to 1.02 ×
    // the start and falls before the first grid point.
    RisingEnvelope first = new RisingEnvelope(n -> -Math.pow(Math.log(n / 102.0), 2), 100);
    assertEquals(0, first.at(102), 1e-9);
    assertTrue(first.at(110) >= first.at(102) - 1e-12, "falls after a peak in the first cell");
    // Within the last cell below the largest size answered, 1e9.
    double peak = 0.99e9;
    RisingEnvelope last = new RisingEnvelope(n -> -Math.pow(Math.log(n / peak), 2), 100);
    assertTrue(last.at(1e9) >= last.at(peak) - 1e-12, "falls after a peak in the last cell");
  }

  @Test
  void aStartAtOrBeyondTheLargestSizeAnsweredHasNoPeaks() {
    RisingEnvelope e = new RisingEnvelope(n -> 1 - 1 / n, 2e9);
    assertEquals(1 - 1 / 3e9, e.at(3e9), 1e-15);
  }

  @Test
  void underACurveItHoldsTheLowestValueStillToCome() {
    // A dip to 0.5 at 10,000 between 0.9 at 1000 and a rise after it.
    RisingEnvelope e =
        RisingEnvelope.under(
            n -> 0.9 - 0.4 * Math.exp(-Math.pow(Math.log10(n) - 4, 2) * 8), 100, 4);
    double dip = 0.9 - 0.4;
    assertEquals(
        0.9 - 0.4 * Math.exp(-Math.pow(1.0 - 4, 2) * 8), e.at(10), 1e-15, "below: the curve");
    assertEquals(dip, e.at(1000), 1e-9, "before the dip: the dip");
    assertEquals(dip, e.at(10_000), 1e-9);
    double after = 0.9 - 0.4 * Math.exp(-Math.pow(5 - 4, 2) * 8);
    assertEquals(after, e.at(100_000), 1e-15, "after the dip, rising: the curve");
    double prev = e.at(100);
    for (double n = 100; n <= 1e9; n *= 1.07) {
      assertTrue(e.at(n) >= prev - 1e-12, "falls at " + n);
      assertTrue(e.at(n) <= 0.9 - 0.4 * Math.exp(-Math.pow(Math.log10(n) - 4, 2) * 8) + 1e-15);
      prev = e.at(n);
    }
  }
}
