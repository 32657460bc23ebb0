package org.samplesize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.samplesize.fit.Percent;

class AnswerSentencesTest {

  /**
   * A target is named as it was asked: --target 0.9999 read "does not reach 100.0% accuracy", and
   * 0.8995 read "To reach 90.0% accuracy" beside another answer for 0.9, "To reach 90%".
   */
  /**
   * The overall answer's "levels off at" has the per-class line's problem on a curve that falls:
   * its highest value is not where it levels off.
   */
  @Test
  void anOverallCurveThatFallsIsNotSaidToLevelOff() {
    assertEquals(
        "The fitted curve never rises above 80.8%, below 90% accuracy: more images alone will not"
            + " get there.",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.9, -1, -1, -1, 7, false, 0.808, true), 0.9));
    assertEquals(
        "The fitted curve levels off at 80.8%, below 90% accuracy: more images alone will not"
            + " get there.",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.9, -1, -1, -1, 7, false, 0.808, false), 0.9));
  }

  @Test
  void aTargetIsNamedAsAsked() {
    assertEquals(
        "The fitted curve does not reach 99.99% accuracy: more images alone will not get there.",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.9999, -1, -1, -1), 0.9));
    assertEquals(
        "To reach 89.95% accuracy you need about 230 images (90% interval 189–371).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.8995, 230, 189, 371), 0.9));
    // Without an interval the size says so, as the prediction's sentence does: it read as certain.
    assertEquals(
        "To reach 90% accuracy you need about 630 images (no interval: intervals need --bootstrap"
            + " above 0, repeats at some size and, for the default answer, 3 sizes or more).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.9, 630, -1, -1), 0.9));
    assertEquals("95.5%", Percent.target(0.955));
    assertEquals("95%", Percent.target(0.95));
    assertEquals("57%", Percent.target(0.57));
  }

  @Test
  void theAnswerReadsAsOneSentence() {
    assertEquals(
        "To reach 95% accuracy you need about 4,210 images (90% interval 3,100–6,020).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.95, 4213, 3104, 6018), 0.9));
    assertEquals(
        "To reach 97.5% accuracy (fine-tune) you need about 812 images (95% interval 700 to"
            + " unbounded: the data cannot rule out that accuracy levels off below 97.5%).",
        AnswerSentences.sentence(new FitSummary.Target("fine-tune", 0.975, 812, 700, -1), 0.95));
    assertEquals(
        "The fitted curve does not reach 99% accuracy: more images alone will not get there.",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.99, -1, -1, -1), 0.9));
    // with the level it stops at, as fit.json's text and the report's Targets table give it
    assertEquals(
        "The fitted curve levels off at 94.1%, below 99% accuracy: more images alone will not"
            + " get there.",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.99, -1, -1, -1, 165, false, 0.9413953), 0.9));
    // and where the interval's upper end reaches it: where the curve levels off, said the same way
    assertEquals(
        "The fitted curve levels off at 94.1%, below 95% accuracy, but the upper end of its 90%"
            + " interval reaches 95% at about 3,860 images: from there on 95% cannot be ruled out"
            + " (no upper end).",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.95, -1, 3860, -1, 165, false, 0.9413953), 0.9));
    assertEquals(
        "The fitted curve levels off just below 95% accuracy, but the upper end of its 90%"
            + " interval reaches 95% at about 3,860 images: from there on 95% cannot be ruled out"
            + " (no upper end).",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.95, -1, 3860, -1, 165, false, 0.94996), 0.9));
    // Interval ends round outwards (1,428 is not "1,430"); the point estimate rounds to nearest.
    assertEquals(
        "To reach 90% accuracy you need about 1,820 images (90% interval 1,420 to unbounded: the"
            + " data cannot rule out that accuracy levels off below 90%).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.9, 1815, 1428, -1), 0.9));
    // Below the smallest size measured: said as such, not as a bare "about 3 images".
    assertEquals(
        "To reach 50% accuracy you need fewer images than the smallest size measured (330); the"
            + " curve, extrapolated downwards, puts it at about 3 (90% interval 2–990).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.5, 3, 2, 990, 330), 0.9));
    // Not reached by the point estimate, but the interval's upper end gets there.
    assertEquals(
        "The fitted curve levels off below 95% accuracy, but the upper end of its 90% interval"
            + " reaches 95% at about 3,860 images: from there on 95% cannot be ruled out (no upper"
            + " end).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.95, -1, 3860, -1), 0.9));
    assertEquals(
        "The fitted curve levels off below 95% accuracy, but the upper end of its 90% interval"
            + " reaches 95% at about 3,860 images: from there on 95% cannot be ruled out (upper"
            + " end 12,100).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.95, -1, 3860, 12011), 0.9));
    assertEquals(
        "With all 3,303 training images, expect about 89.1% accuracy (90% interval 87.9–90.3%).",
        AnswerSentences.sentence(
            "head", new FitSummary.Prediction(3303, 0.8912, 0.8791, 0.9024), 0.9));
    // 88.876% must not print as 88.9% for a lower end, nor 94.04% as 94.0% for an upper one.
    assertEquals(
        "With all 3,303 training images, expect about 91.3% accuracy (90% interval 88.8–94.1%).",
        AnswerSentences.sentence(
            "head", new FitSummary.Prediction(3303, 0.91279, 0.88876, 0.94040), 0.9));
  }

  /**
   * An upper end of 1 is where the band's curves pass 1 and are cut off, no bound the data set: on
   * tf_flowers' heads at three sizes the sentence read "95.4% accuracy (90% interval 84.4–100.0%)"
   * as if 100.0% were a measured bound.
   */
  @Test
  void anUpperEndCutOffAtOneSaysSo() {
    assertEquals(
        "With all 3,303 training images, expect about 95.4% accuracy (90% interval 84.4–100.0%:"
            + " its upper end is cut off at 100%, which the curves pass, so the data give no upper"
            + " bound).",
        AnswerSentences.sentence("head", new FitSummary.Prediction(3303, 0.9541, 0.8444, 1), 0.9));
    // an upper end that rounds to 100.0% but is below 1 is a bound and reads as one
    assertEquals(
        "With all 3,303 training images, expect about 99.5% accuracy (90% interval 99.0–100.0%).",
        AnswerSentences.sentence(
            "head", new FitSummary.Prediction(3303, 0.995, 0.990, 0.9996), 0.9));
  }

  /**
   * fit's sentences come from the same code as run's: a results table need not hold images, so
   * sizes count examples at the size asked for, the metric is named, the curve only when there are
   * several, and an interval without an upper end says what that means.
   */
  @Test
  void fitsWordingCountsExamplesAndNamesTheMetric() {
    AnswerSentences.Wording one = AnswerSentences.Wording.fit("macro_f1", "default");
    assertEquals(
        "With 824 examples, expect about 88.6% macro_f1 (90% interval 84.0–91.6%).",
        AnswerSentences.sentence(
            "default", new FitSummary.Prediction(824, 0.88571, 0.84093, 0.91568), 0.9, one));
    assertEquals(
        "To reach 93% macro_f1 you need about 5,360 examples (90% interval 3,310 to unbounded:"
            + " the data cannot rule out that macro_f1 levels off below 93%).",
        AnswerSentences.sentence(new FitSummary.Target("default", 0.93, 5361, 3319, -1), 0.9, one));
    assertEquals(
        "To reach 86% macro_f1 you need about 61 examples (90% interval 40–109).",
        AnswerSentences.sentence(new FitSummary.Target("default", 0.86, 61, 40, 109), 0.9, one));
    assertEquals(
        "The fitted curve does not reach 99% macro_f1: more examples alone will not get there.",
        AnswerSentences.sentence(new FitSummary.Target("default", 0.99, -1, -1, -1), 0.9, one));
    assertEquals(
        "The fitted curve levels off below 92% macro_f1, but the upper end of its 90% interval"
            + " reaches 92% at the smallest size measured, 36 examples (or fewer): from there on"
            + " 92% cannot be ruled out (no upper end).",
        AnswerSentences.sentence(
            new FitSummary.Target("default", 0.92, -1, 36, -1, 36, true), 0.9, one));
    // run's sentence without an interval names both causes: with the bootstrap on, a run whose
    // repeats differ in size (drawn images that did not decode) has no size with repeats.
    assertEquals(
        "With all 54 training images, expect about 58.9% accuracy (no interval: intervals need"
            + " --bootstrap above 0, repeats at some size and, for the default answer, 3 sizes or more).",
        AnswerSentences.sentence(
            "head", new FitSummary.Prediction(54, 0.589, Double.NaN, Double.NaN), 0.9));
    AnswerSentences.Wording several = AnswerSentences.Wording.fit("accuracy", null);
    assertEquals(
        "With 10,000 examples (default), expect about 89.0% accuracy (no interval: intervals need"
            + " --bootstrap above 0, repeats at some size and, for the default answer, 3 sizes or more).",
        AnswerSentences.sentence(
            "default",
            new FitSummary.Prediction(10000, 0.89, Double.NaN, Double.NaN),
            0.9,
            several));
    assertEquals(
        "To reach 50% accuracy (svm) you need fewer examples than the smallest size measured"
            + " (330); the curve, extrapolated downwards, puts it at about 3 (80% interval 2–990).",
        AnswerSentences.sentence(new FitSummary.Target("svm", 0.5, 3, 2, 990, 330), 0.8, several));
  }

  /**
   * The interval's upper end already reaches the target at the smallest size measured: the lower
   * end is that size or fewer, nothing smaller having been measured.
   */
  @Test
  void aLowerEndAtTheSmallestSizeReadsAtMost() {
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval at most 40 to 109).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.86, 61, 40, 109, 40, true), 0.9));
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval at most 40 to unbounded:"
            + " the data cannot rule out that accuracy levels off below 86%).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.86, 61, 40, -1, 40, true), 0.9));
    // both ends at the smallest size: "at most 40 to 40" would say no more
    assertEquals(
        "To reach 80% accuracy you need about 40 images (90% interval at most 40).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.80, 40, 40, 40, 40, true), 0.9));
    assertEquals(
        "The fitted curve levels off below 92% accuracy, but the upper end of its 90% interval"
            + " reaches 92% at the smallest size measured, 36 images (or fewer): from there on 92%"
            + " cannot be ruled out (no upper end).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.92, -1, 36, -1, 36, true), 0.9));
    // the same numbers, not at the smallest size, read as before
    assertEquals(
        "To reach 86% accuracy you need about 61 images (90% interval 40–109).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.86, 61, 40, 109, 20), 0.9));
  }

  /**
   * run's target sentence gave a total ("you need about 3,520 images") that includes the 3,303
   * there are: a reader had to work out that it meant about 217 more, or that nothing was to be
   * added. The difference is worked from the printed, rounded size; fit knows no training set.
   */
  @Test
  void runSaysHowManyMoreImagesATargetNeedsOrThatThoseThereSuffice() {
    AnswerSentences.Wording run = AnswerSentences.Wording.run(3303, 3303);
    assertEquals(
        "To reach 92% accuracy you need about 3,520 images, about 217 more than the 3,303 training"
            + " images here (90% interval 2,140 to unbounded: the data cannot rule out that accuracy"
            + " levels off below 92%).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.92, 3517, 2140, -1), 0.9, run));
    assertEquals(
        "To reach 88% accuracy you need about 983 images, within the 3,303 training images here (90%"
            + " interval 833–1,110).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.88, 983, 833, 1110), 0.9, run));
    // Some training images do not decode: the count is of those that do.
    assertEquals(
        "To reach 80% accuracy you need about 120 images, about 61 more than the 59 usable training"
            + " images here (90% interval 90–200).",
        AnswerSentences.sentence(
            new FitSummary.Target("head", 0.8, 120, 90, 200),
            0.9,
            AnswerSentences.Wording.run(59, 68)));
    // fit and the plain wording: the size alone, as before.
    assertEquals(
        "To reach 92% accuracy you need about 3,520 images (90% interval 2,140–5,000).",
        AnswerSentences.sentence(new FitSummary.Target("head", 0.92, 3517, 2140, 5000), 0.9));
  }
}
