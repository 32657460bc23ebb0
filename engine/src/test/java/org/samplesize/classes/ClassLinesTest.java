package org.samplesize.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wording of the per-class lines apart from any fit. */
public class ClassLinesTest {

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
        twoClasses(0.88, List.of(50L, 0L), 0.85, 0.8800000000020406, true, Double.NaN);
    String line = ClassLines.planLine(plan);
    assertTrue(line.contains("(the per-class curves expect 85.0% now, 88.0% after)"), line);
  }

  /**
   * On a small folder with {@code --target 0.93,0.95} the overall answer said 95% was not reachable
   * (its curve levels off at 94.6%) and the next line's plan added 46,800 images: two curves, but
   * on screen a contradiction. The plan's line now says where the overall curve falls short.
   */
  @Test
  void aPlanTheOverallCurveDoesNotReachSaysSo() {
    LabellingPlan plan = twoClasses(0.95, List.of(30_000L, 16_800L), 0.90, 0.95, true, Double.NaN);
    String shortfall = "levels off at 94.6%, below 95%";
    assertEquals(
        " The overall curve, fitted on its own, levels off at 94.6%, below 95%; the two disagree"
            + " about 95%, which lies beyond what the measured sizes pin down: read this plan as a"
            + " rough guide.",
        ClassLines.versusOverall(plan, shortfall, true));
    assertTrue(ClassLines.versusOverall(plan, shortfall, false).endsWith("pin down."));
    // The overall curve reaches the target (or is not known): nothing to add.
    assertEquals("", ClassLines.versusOverall(plan, null, true));
    // A plan that is not reachable says its own verdict; one that adds nothing has no images to
    // question.
    LabellingPlan notReachable = twoClasses(0.95, List.of(), 0.90, Double.NaN, false, 0.93);
    assertEquals("", ClassLines.versusOverall(notReachable, shortfall, true));
    LabellingPlan nothing = twoClasses(0.95, List.of(0L, 0L), 0.96, 0.96, true, Double.NaN);
    assertEquals("", ClassLines.versusOverall(nothing, shortfall, true));
  }

  /**
   * A plan for two classes of 100 training images each, without intervals.
   *
   * @param target the overall accuracy asked for
   * @param add each class's additions (empty when not reachable)
   * @param now the accuracy expected with the images there are
   * @param after the accuracy expected after the additions
   * @param reachable whether the point curves reach the target
   * @param levelsOffAt where they level off when they do not
   * @return the plan
   */
  public static LabellingPlan twoClasses(
      double target,
      List<Long> add,
      double now,
      double after,
      boolean reachable,
      double levelsOffAt) {
    return new LabellingPlan(
        "head",
        target,
        List.of("a", "b"),
        List.of(100L, 100L),
        add,
        now,
        after,
        reachable,
        levelsOffAt,
        -1,
        -1,
        List.of(),
        List.of(),
        0.9,
        null);
  }
}
