package org.samplesize.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wording of the per-class lines apart from any fit. */
class ClassLinesTest {

  @Test
  void aLevelAHairBelowTheTargetIsNotPrintedAsTheTargetItself() {
    // a class whose recalls are tenths: its curve levels off at 0.8999999999999999
    assertEquals("levels off just below 90%", ClassLines.levelsOffBelow(0.8999999999999999, 0.9));
    assertEquals("levels off at 70.4%, below 90%", ClassLines.levelsOffBelow(0.704, 0.9));
    assertEquals("levels off at 89.9%, below 90%", ClassLines.levelsOffBelow(0.899, 0.9));
  }

  @Test
  void thePlansExpectedAccuraciesKeepOneDecimalWhenTheyLandOnAWholePercent() {
    // Fashion-MNIST at 88%: the last step met the target to 2e-12.
    LabellingPlan plan =
        new LabellingPlan(
            "head",
            0.88,
            List.of("a", "b"),
            List.of(100L, 100L),
            List.of(50L, 0L),
            0.85,
            0.8800000000020406,
            true,
            Double.NaN,
            -1,
            -1,
            List.of(),
            List.of(),
            0.9,
            null);
    String line = ClassLines.planLine(plan);
    assertTrue(line.contains("(the per-class curves expect 85.0% now, 88.0% after)"), line);
  }
}
