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
    String out = FitTable.format(recipe("50"), "accuracy");
    assertTrue(
        out.contains(
            "  Warning: the answer at 50 lies below the smallest measured size, 165 (mean 0.8071),"
                + " where the curve is an extrapolation downward"),
        out);
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
