package org.samplesize.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The selection rule on typed scores: which family, which rule, and the reason in words. */
class SelectionRuleTest {

  private static FamilyScore s(CurveFamily f, double aicc, double loo) {
    return new FamilyScore(f, true, aicc, loo);
  }

  @Test
  void theSmallestLeaveLastSizeOutErrorWinsAlone() {
    Selection sel =
        SelectionRule.select(
            List.of(
                s(CurveFamily.POW3, -10, 0.010),
                s(CurveFamily.EXP3, -20, 0.030),
                s(CurveFamily.LAST1, -5, 0.050)));
    assertEquals(CurveFamily.POW3, sel.family());
    assertEquals(0, sel.index());
    assertEquals(Selection.Rule.LLSO, sel.rule());
    assertEquals("llso", sel.rule().id());
    assertEquals("smallest leave-last-size-out error (0.01000)", sel.reason());
  }

  @Test
  void tiedErrorsAreDecidedByAicc() {
    Selection sel =
        SelectionRule.select(
            List.of(
                s(CurveFamily.POW3, -10, 0.010),
                s(CurveFamily.EXP3, -20, 0.011),
                s(CurveFamily.LAST1, -5, 0.050)));
    assertEquals(CurveFamily.EXP3, sel.family());
    assertEquals(Selection.Rule.LLSO_AICC, sel.rule());
    assertEquals(
        "smallest AICc among 2 families within 0.00200 of the best leave-last-size-out error"
            + " (0.01000)",
        sel.reason());
  }

  @Test
  void withOneCurveScoredAiccDecidesAmongAllFitted() {
    Selection sel =
        SelectionRule.select(
            List.of(
                s(CurveFamily.POW3, -10, 0.010),
                s(CurveFamily.MMF4, -30, Double.NaN),
                s(CurveFamily.LAST1, -5, 0.001)));
    assertEquals(CurveFamily.MMF4, sel.family());
    assertEquals(Selection.Rule.AICC, sel.rule());
    assertEquals(
        "smallest AICc (only 1 of 2 curve families could be scored leaving the largest size out;"
            + " the baseline last1 is not a curve family)",
        sel.reason());
    Selection noBaseline =
        SelectionRule.select(
            List.of(s(CurveFamily.POW3, -10, Double.NaN), s(CurveFamily.MMF4, -30, Double.NaN)));
    assertEquals(
        "smallest AICc (none of 2 curve families could be scored leaving the largest size out)",
        noBaseline.reason());
  }

  @Test
  void theBaselineAndOneCurveAreNotTwoCurveFamilies() {
    // --family last1,pow2: both scored, but last1 is the baseline, so AICc decides.
    Selection sel =
        SelectionRule.select(
            List.of(s(CurveFamily.LAST1, -5, 0.001), s(CurveFamily.POW2, -10, 0.010)));
    assertEquals(CurveFamily.POW2, sel.family());
    assertEquals(Selection.Rule.AICC, sel.rule());
    assertEquals(
        "smallest AICc (1 curve family asked for besides the baseline last1: the"
            + " leave-last-size-out score decides only among two or more curve families)",
        sel.reason());
  }

  @Test
  void onlyAndNone() {
    FamilyScore skipped = new FamilyScore(CurveFamily.POW4, false, Double.NaN, Double.NaN);
    Selection only = SelectionRule.select(List.of(skipped, s(CurveFamily.POW3, 1, Double.NaN)));
    assertEquals(Selection.Rule.ONLY, only.rule());
    assertEquals("the only family that could be fitted", only.reason());
    assertEquals(
        "the only family asked for",
        SelectionRule.select(List.of(s(CurveFamily.POW3, 1, 0.1))).reason());
    Selection none = SelectionRule.select(List.of(skipped));
    assertEquals(Selection.Rule.NONE, none.rule());
    assertEquals(-1, none.index());
    assertNull(none.family());
  }
}
