package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutRngTest {

  @Test
  void bitsAreSplittableRandomsSequence() {
    for (long key : new long[] {0L, 42L, -7L, 0x123456789ABCDEFL}) {
      SplittableRandom r = new SplittableRandom(key);
      for (long c = 0; c < 100; c++) {
        assertEquals(r.nextLong(), DropoutRng.bits(key, c), "key " + key + " counter " + c);
      }
    }
  }

  @Test
  void dropsTheConfiguredFraction() {
    int thr = DropoutRng.dropThreshold(0.3);
    assertEquals(19661, thr);
    int kept = 0;
    int n = 0;
    for (long t = 0; t < 20; t++) {
      for (int b = 0; b < 64; b++) {
        for (int e = 0; e < 1280; e++) {
          kept += DropoutRng.keep(99L, t, 64, b, e, 1280, thr) ? 1 : 0;
          n++;
        }
      }
    }
    double rate = 1 - (double) kept / n;
    assertEquals(0.3, rate, 0.003, "observed drop rate " + rate);
    assertTrue(DropoutRng.keep(5L, 0, 64, 0, 0, 10, DropoutRng.dropThreshold(0)));
  }

  @Test
  void fillMaskAgreesWithKeep() {
    int thr = DropoutRng.dropThreshold(0.3);
    float[] mask = new float[2 + 1283];
    DropoutRng.fillMask(77L, 5, 64, 3, 1283, thr, 2f, mask, 2);
    for (int e = 0; e < 1283; e++) {
      assertEquals(DropoutRng.keep(77L, 5, 64, 3, e, 1283, thr) ? 2f : 0f, mask[2 + e], "e" + e);
    }
  }

  @Test
  void counterLayoutIsDense() {
    // consecutive rows of consecutive steps use consecutive counters, no gaps, no overlap
    assertEquals(0, DropoutRng.counter(0, 64, 0, 0, 1280));
    assertEquals(320, DropoutRng.counter(0, 64, 1, 0, 1280));
    assertEquals(64 * 320, DropoutRng.counter(1, 64, 0, 0, 1280));
    assertEquals(2, DropoutRng.drawsPerRow(5));
  }
}
