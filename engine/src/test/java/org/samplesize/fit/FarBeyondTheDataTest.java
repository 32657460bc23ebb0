package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers beyond the farthest size the intervals were checked at are named in one warning. */
class FarBeyondTheDataTest {
  @Test
  void theDefaultsIntervalsWereCheckedUpToEightTimesTheLargestSize() {
    assertEquals(8, FarBeyondTheData.checkedUpTo());
  }

  @Test
  void onlyAnswersBeyondEightTimesAreNamed() {
    List<Prediction> predictions =
        List.of(new Prediction(800, 0.9, 0.88, 0.92), new Prediction(100_000, 0.95, 0.9, 0.97));
    List<TargetEstimate> targets =
        List.of(
            new TargetEstimate(0.92, 500, 300, 900, true, Double.NaN),
            new TargetEstimate(0.99, 200_000, 1_000, Double.POSITIVE_INFINITY, true, Double.NaN),
            new TargetEstimate(0.999, Double.NaN, Double.NaN, Double.NaN, false, 0.98));
    List<String> w = FarBeyondTheData.warnings(predictions, targets, 109);
    assertEquals(1, w.size(), w.toString());
    assertTrue(
        w.get(0)
            .startsWith(
                "the answers at 100,000 (917×), for 0.99 (size 200,000, 1,835×) lie beyond 8 times"
                    + " the largest measured size, 109,"),
        w.get(0));
    assertEquals(
        List.of(),
        FarBeyondTheData.warnings(predictions.subList(0, 1), targets.subList(0, 1), 109));
  }
}
