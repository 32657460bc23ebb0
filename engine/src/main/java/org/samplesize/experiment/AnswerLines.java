package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.samplesize.report.FitSummary;

/**
 * The lines a run shows beside its answer: the warnings of what the data and the test set cannot
 * show (which {@code fit.json}'s curves do not know), and the other answers, sentences and warnings
 * in the order the console and the report list them. Apart from {@link RunOutputs}, which stages
 * the files, because what a run says is its own set of rules.
 */
final class AnswerLines {
  private AnswerLines() {}

  /**
   * @param plan the plan
   * @param settings the settings in force
   * @param records the journaled records of this run's models
   * @param whole the training images the answers are about
   * @param fit the curve fit
   * @param testPerClass each class's test images the models were scored on
   * @return the data's and the test set's warnings, the plan's first
   */
  static List<String> dataWarnings(
      Plan plan,
      RunSettings settings,
      List<ModelRecord> records,
      UsableTrainingSet whole,
      FitSummary fit,
      Map<String, Integer> testPerClass) {
    FitSummary.Curve answered = fit.curve(Answers.answerCurve(fit));
    // What the data and the test set cannot show, which fit.json's curves do not know.
    List<String> dataWarnings = new ArrayList<>(plan.dataWarnings());
    double predicted =
        answered == null || answered.atFull() == null ? Double.NaN : answered.atFull().accuracy();
    // The test images the models were scored on: the split's, less any that did not decode.
    int scored =
        records.stream()
            .mapToInt(ModelRecord::testSize)
            .filter(t -> t > 0)
            .min()
            .orElse(plan.dataset().testSize());
    dataWarnings.addAll(
        "stratified".equals(settings.split())
            ? TestSetWarnings.of(
                scored,
                testPerClass,
                predicted,
                usablePerClass(plan, whole, testPerClass),
                settings.trainFraction())
            : TestSetWarnings.of(scored, testPerClass, predicted, settings.split()));
    return dataWarnings;
  }

  /**
   * @param fit the curve fit
   * @param settings the settings in force
   * @param answer the one-sentence answer
   * @param whole the training images the answers are about
   * @param adaptive the adaptive phase's outcome, or null without one
   * @param baseline the majority baseline, or null without one
   * @param dataWarnings {@link #dataWarnings}
   * @param imageNotes what the last feature pass found
   * @param records the journaled records of this run's models
   * @return the other answers, then the per-class lines, then every warning, each one line
   */
  static List<String> more(
      FitSummary fit,
      RunSettings settings,
      String answer,
      UsableTrainingSet whole,
      AdaptiveRun.Outcome adaptive,
      MajorityBaseline baseline,
      List<String> dataWarnings,
      ImageNotes imageNotes,
      List<ModelRecord> records) {
    List<String> more = Answers.more(fit, settings, answer, whole);
    if (adaptive != null) {
      more.add(0, adaptive.sentence());
    }
    if (baseline != null && baseline.notable()) {
      // Right after the accuracies it puts in proportion, before the per-class lines.
      more.add(baseline.sentence());
    }
    more.addAll(Answers.perClass(fit, Answers.answerCurve(fit)));
    // Every warning reads the same way on the console and in the report.
    Stream.of(
            fit.warnings(Answers.answerCurve(fit)),
            dataWarnings,
            imageNotes.warnings(),
            FineTunePrecision.warnings(records))
        .flatMap(List::stream)
        .map(w -> TestSetWarnings.PREFIX + w)
        .forEach(more::add);
    return more;
  }

  /**
   * Each class's images that decoded, training and test: the advice of the few-test-images warning
   * ("has only 24 images … add images of it") counts what a run can use, not files that do not
   * decode. The plan's counts where the feature pass recorded none.
   */
  private static Map<String, Integer> usablePerClass(
      Plan plan, UsableTrainingSet whole, Map<String, Integer> testScored) {
    Map<String, Integer> planned = imagesPerClass(plan);
    if (whole.undecodable() == 0 && testScored.equals(TestSetWarnings.perClass(plan))) {
      return planned;
    }
    if (whole.perClass() == null) {
      return planned;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String c : planned.keySet()) {
      Integer train = whole.perClass().get(c);
      Integer test = testScored.get(c);
      out.put(c, train == null || test == null ? planned.get(c) : train + test);
    }
    return out;
  }

  /** Each class's usable images (training and test), by name; empty when the plan has none. */
  private static Map<String, Integer> imagesPerClass(Plan plan) {
    Map<String, Integer> out = new LinkedHashMap<>();
    List<String> names = plan.dataset().classes();
    List<Integer> counts = plan.dataset().imagesPerClass();
    for (int c = 0; c < names.size() && c < counts.size(); c++) {
      out.put(names.get(c), counts.get(c));
    }
    return out;
  }
}
