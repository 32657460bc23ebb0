package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.Examples;
import org.samplesize.fit.FamilyFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.SampleSize;

/** What {@code samplesize fit} prints. */
class FitTableTest {

  private static List<CurveFit> recipe(String... predict) {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withPredict(Arrays.stream(predict).map(SampleSize::parse).toList());
    return new LearningCurveFitter(o).fit(Examples.recipeTable());
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  @Test
  void onlyTheCalibratedLevelIsCalledCalibrated() {
    String at90 = FitTable.format(recipe("2x"), "accuracy");
    assertTrue(at90.contains(", calibrated 90% intervals\n"), at90);
    List<CurveFit> at80 =
        new LearningCurveFitter(
                FitOptions.defaults().withBootstrap(50).withThreads(2).withLevel(0.8))
            .fit(Examples.recipeTable());
    String said = FitTable.format(at80, "accuracy");
    assertFalse(said.contains("calibrated 80%"), said);
    assertTrue(
        said.contains(
            ", 80% intervals (the calibrated 90% ones scaled by normal quantiles, not calibrated"
                + " themselves)\n"),
        said);
  }

  @Test
  void familiesWithoutALeaveLastSizeOutScoreForOneReasonAreNamedOnOneLine() {
    List<CurveFit> fits = recipe("2x");
    // fit.json keeps one reason per family
    assertEquals(
        List.of("pow4", "mmf4", "wbl4"), List.copyOf(fits.get(0).looIneligible().keySet()));
    List<String> said =
        lines(FitTable.format(fits, "accuracy")).stream()
            .filter(l -> l.contains("no leave-last-size-out score"))
            .toList();
    assertEquals(
        List.of(
            "  no leave-last-size-out score for pow4, mmf4, wbl4: each needs 4 sizes besides the"
                + " largest for its 4 parameters; the curve has 3"),
        said);
  }

  @Test
  void valuesCutOffAtOneAreMarkedAndTheMarkIsExplained() {
    List<CurveFit> fits = recipe("100000");
    FamilyFit pow2 = fits.get(0).families().get(0);
    assertEquals("pow2", pow2.family().id());
    // the number itself stays 1 (fit.json is written from it)
    assertEquals(1.0, pow2.predictions().get(0).accuracy());
    List<String> out = lines(FitTable.format(fits, "accuracy"));
    String row = out.stream().filter(l -> l.startsWith("     pow2 ")).findFirst().orElseThrow();
    assertTrue(row.endsWith("1.0000^ [1.0000^, 1.0000^]"), row);
    String pow3 = out.stream().filter(l -> l.startsWith("  *  pow3 ")).findFirst().orElseThrow();
    assertFalse(pow3.contains("^"), pow3);
    assertTrue(
        out.contains(
            "  ^ cut off at 1: the curve (for an interval's end, the bootstrap refits) passes 1"
                + " there, which no accuracy can: an extrapolation that overshoots, not a certain"
                + " 1"),
        String.join("\n", out));

    // nothing on a bound, no mark and no footnote
    String near = FitTable.format(recipe("2000"), "accuracy");
    assertFalse(near.contains("^"), near);
  }

  @Test
  void anAnswerBelowTheSmallestMeasuredSizeIsWarnedAbout() {
    List<CurveFit> fits = recipe("50");
    String out = FitTable.sentences(fits, "accuracy");
    assertTrue(
        out.contains(
            "\nWarning: the answer at 50 lies below the smallest measured size, 165 (mean 0.8071),"
                + " where the curve is an extrapolation downward"),
        out);
    // with the sentences it qualifies, not again among the details
    assertFalse(FitTable.format(fits, "accuracy").contains("Warning"));
  }

  /**
   * The sentences word the answer as run's do, with examples for images (a results table need not
   * hold images), the metric's name, and the curve named only when there are several.
   */
  @Test
  void theAnswerReadsAsSentencesNamingTheMetricAndTheCurves() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withTargets(List.of(0.9, 0.99))
            .withPredict(List.of(SampleSize.parse("3303")));
    List<CurveFit> one = new LearningCurveFitter(o).fit(Examples.recipeTable());
    List<String> said = lines(FitTable.sentences(one, "macro_f1"));
    // the targets first, then the prediction, in run's order
    assertTrue(said.get(0).startsWith("To reach 90% macro_f1 you need about "), said.get(0));
    assertTrue(
        said.get(1)
            .matches(
                "The fitted curve levels off (at \\d+\\.\\d%, |just )below 99% macro_f1: more"
                    + " examples alone will not get there\\."),
        said.get(1));
    assertTrue(
        said.get(2)
            .matches(
                "With 3,303 examples, expect about \\d+\\.\\d% macro_f1 \\(90% interval .*%\\)\\."),
        said.get(2));
    assertFalse(String.join("\n", said).contains("images"), String.join("\n", said));

    CurveFit c = one.get(0);
    CurveFit other =
        new CurveFit(
            "svm",
            c.sizes(),
            c.rows(),
            c.families(),
            c.chosen(),
            c.selection(),
            c.rule(),
            c.looIneligible(),
            c.predictions(),
            c.targets(),
            c.interval(),
            c.bootstrapChoices(),
            c.answerInterval(),
            c.mean(),
            List.of("a warning of the svm curve"));
    List<String> two = lines(FitTable.sentences(List.of(c, other), "accuracy"));
    String all = String.join("\n", two);
    assertTrue(two.get(0).startsWith("To reach 90% accuracy (default) you need about"), all);
    assertTrue(two.get(2).startsWith("With 3,303 examples (default), expect about"), all);
    // the first curve's warnings name it too, then the second curve's sentences and warnings
    int svm = two.indexOf(two.stream().filter(l -> l.contains("(svm)")).findFirst().get());
    two.subList(3, svm).forEach(l -> assertTrue(l.startsWith("Warning (default): "), all));
    assertTrue(two.get(svm + 1).startsWith("The fitted curve (svm) levels off at "), all);
    assertTrue(two.get(svm + 2).startsWith("With 3,303 examples (svm), expect about"), all);
    assertEquals("Warning (svm): a warning of the svm curve", two.get(two.size() - 1), all);
  }

  @Test
  void aLevelIsPrintedWithItsDigitsNotRoundedToAHundredPercent() {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(50)
            .withThreads(2)
            .withLevel(0.999)
            .withTargets(List.of(0.9))
            .withPredict(List.of(SampleSize.parse("2x")));
    String out =
        FitTable.format(new LearningCurveFitter(o).fit(Examples.recipeTable()), "accuracy");
    // it said "calibrated 100% intervals" and "accuracy at 3302 [100%]"
    assertFalse(out.contains("100%"), out);
    assertTrue(out.contains(", 99.9% intervals (the calibrated 90% ones scaled"), out);
    assertTrue(out.contains("accuracy at 3302 [99.9%]"), out);
    assertEquals("90%", FitOptions.levelPercent(0.9));
    assertEquals("99.99%", FitOptions.levelPercent(0.9999));
    assertEquals("0.1%", FitOptions.levelPercent(0.001));
  }
}
