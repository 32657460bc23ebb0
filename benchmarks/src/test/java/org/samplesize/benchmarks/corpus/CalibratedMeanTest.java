package org.samplesize.benchmarks.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.AnswerCalibration;
import org.samplesize.fit.CurveFamily;

class CalibratedMeanTest {
  /**
   * The guard is one of the averaged families, so a method averaging none of pow4, exp3, mmf4 and
   * wbl4 has no guard to join. {@code pow3-cal} (pow3 alone) was built guarded and described as
   * "joined with the guard's own interval" in the evaluation, though its interval never was.
   */
  @Test
  void aMethodIsDescribedAsGuardedOnlyWhenOneOfItsFamiliesCanGuard() {
    int calibrated = 0;
    for (AnswerMethod m : AnswerMethods.all()) {
      if (m instanceof CalibratedMean c) {
        calibrated++;
        boolean canGuard =
            c.families().stream().anyMatch(AnswerCalibration.GUARD_FAMILIES::contains);
        boolean described = c.description().contains("guard");
        assertTrue(!described || canGuard, c.name() + ": " + c.description());
      }
    }
    assertEquals(5, calibrated, "mean8, mean8-unguarded, mean8-raw, mean6-cal, pow3-cal");
  }

  @Test
  void aGuardedMethodNeedsAFamilyThatCanGuard() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CalibratedMean("pow3-cal", List.of(CurveFamily.POW3), true, true));
    assertTrue(e.getMessage().contains("pow3-cal"), e.getMessage());
  }
}
