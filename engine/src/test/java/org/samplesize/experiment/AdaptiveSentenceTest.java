package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveSentenceTest {

  private static AdaptiveRun.Outcome stoppedAfter(int steps) {
    List<AdaptiveStep> s = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      PlannedModel m = new PlannedModel("head/f1/r" + (5 + i), "head", 1, 5 + i, 100, i, "h" + i);
      s.add(new AdaptiveStep(i, List.of(m, m, m), "repeats at 100", 0.05, 0.04, 1));
    }
    return new AdaptiveRun.Outcome(
        null,
        AdaptiveRun.StopReason.MODEL_BUDGET,
        "the model budget is spent",
        0.05,
        0.02,
        false,
        20 + 3 * steps,
        60,
        20,
        s,
        3 * steps,
        0);
  }

  @Test
  void oneStepIsOneStep() {
    assertEquals(
        "Adaptive run: stopped, the model budget is spent; 23 models (20 planned, 3 added in 1"
            + " step).",
        stoppedAfter(1).sentence());
    assertEquals(
        "Adaptive run: stopped, the model budget is spent; 26 models (20 planned, 6 added in 2"
            + " steps).",
        stoppedAfter(2).sentence());
  }

  /** A step's choice groups thousands, as every other size samplesize prints: "1651 images". */
  @Test
  void aChoiceGroupsThousands() {
    assertEquals(
        "1 more repeat at 1,651 images (fraction 0.5)",
        new AdaptiveChooser.Candidate(0.5, 5, 1, 1651, false).describe());
    assertEquals(
        "new size 3,303 images (fraction 1.0), 3 models",
        new AdaptiveChooser.Candidate(1.0, 0, 3, 3303, true).describe());
  }
}
