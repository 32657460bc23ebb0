package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.classes.ClassAnswer;
import org.samplesize.classes.ClassCurves;
import org.samplesize.classes.ClassReport;
import org.samplesize.classes.LabellingPlan;
import org.samplesize.report.FitSummary;

/** The run's per-class lines: one per curve and every plan, as {@code fit} and the report give. */
class AnswersPerClassTest {

  private static ClassAnswer noCurve(String curve) {
    return new ClassAnswer(
        curve,
        "a",
        10,
        ClassAnswer.FROM_TRAINING_SET,
        0,
        10,
        Double.NaN,
        Double.NaN,
        null,
        null,
        null,
        "no test image of this class, so its recall and precision were not measured",
        null);
  }

  private static LabellingPlan plan(String curve) {
    return new LabellingPlan(
        curve,
        0.9,
        List.of("a"),
        List.of(10L),
        List.of(),
        0.5,
        Double.NaN,
        false,
        0.6,
        -1,
        -1,
        List.of(),
        List.of(),
        0.9,
        null);
  }

  @Test
  void aFineTuningRunGivesTheFineTunedCurvesPerClassLinesToo() {
    ClassReport report =
        new ClassReport(
            "results.csv",
            0.9,
            0.9,
            List.of(noCurve("head"), noCurve("fine-tune")),
            List.of(plan("head"), plan("fine-tune")),
            null);
    FitSummary fit =
        new FitSummary(List.of(), List.of(), 0.9, null, List.of()).withPerClass(report, null);
    assertEquals(
        List.of(
            ClassCurves.mostNeededLine(report, "head"),
            ClassCurves.mostNeededLine(report, "fine-tune"),
            ClassCurves.planLine(report, report.plans().get(0)),
            ClassCurves.planLine(report, report.plans().get(1))),
        Answers.perClass(fit, "head"));
    assertEquals(
        "Per class (fine-tune): 'a' has no curve: no test image of this class, so its recall and"
            + " precision were not measured.",
        Answers.perClass(fit, "head").get(1));
  }
}
