package org.samplesize.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.FitSummary;
import org.samplesize.report.HtmlReport;
import org.samplesize.report.ResultsCsv;

/**
 * What an experiment makes of its journaled models once training is over: {@code results.csv}, the
 * curve fit and the sections {@code fit.json} gains (the adaptive phase, the majority baseline, the
 * data's warnings), {@code validation.json}, {@code provenance.json}, {@code settings.yaml} and the
 * report, all staged and then committed together, the report last; and the answer with the
 * sentences around it. Apart from {@link Experiment}, which plans, resumes and trains, because none
 * of this depends on how the records came to be (this run or an earlier one).
 */
final class RunOutputs {
  private RunOutputs() {}

  /**
   * A run whose models are all journaled, as the outputs need it.
   *
   * @param out the output folder
   * @param settings the settings in force
   * @param plan the plan (the planned models; the adaptive steps' models are among the records)
   * @param identity the identity a resume must match, for {@code provenance.json}
   * @param records the journaled records of this run's models
   * @param whole the training images the answers are about
   * @param imageNotes what the last feature pass found
   * @param computed this invocation's feature pass (closed), or null when it made none
   * @param adaptive the adaptive phase's outcome, or null without one
   * @param timings seconds per stage so far; the output stages add theirs
   * @param started when the run began
   * @param trainedNow models trained in this invocation
   * @param resumed models found already finished in the journal
   */
  record FinishedRun(
      Path out,
      RunSettings settings,
      Plan plan,
      ObjectNode identity,
      List<ModelRecord> records,
      UsableTrainingSet whole,
      ImageNotes imageNotes,
      FeatureSet computed,
      AdaptiveRun.Outcome adaptive,
      Map<String, Double> timings,
      Instant started,
      int trainedNow,
      int resumed) {}

  /**
   * Stages every output of {@code run} and replaces the earlier ones together.
   *
   * @param run the finished run
   * @param stages the fit and provenance stages
   * @param progress progress and notes
   * @return what the run produced
   * @throws UncheckedIOException when an output cannot be written (the earlier ones are then kept)
   */
  static Experiment.Outcome write(
      FinishedRun run, ExperimentStages stages, ProgressListener progress) {
    Path out = run.out();
    RunSettings settings = run.settings();
    Plan plan = run.plan();
    List<ModelRecord> records = run.records();
    UsableTrainingSet whole = run.whole();
    ImageNotes imageNotes = run.imageNotes();
    AdaptiveRun.Outcome adaptive = run.adaptive();
    Map<String, Double> timings = run.timings();
    ObjectNode identity = run.identity();
    FeatureSet computed = run.computed();
    Instant started = run.started();
    int trainedNow = run.trainedNow();
    int resumed = run.resumed();
    long t0;
    // Every output is staged first and all replace the earlier ones together, the report last:
    // a failure (a full disk) on the way leaves the previous run's outputs whole, never a mix
    // or a truncated file.
    try (AtomicFiles.Batch outputs = AtomicFiles.batch()) {
      t0 = System.nanoTime();
      // The validation model is no point of the learning curve: validation.json holds it.
      ResultsCsv.Staged csv =
          ResultsCsv.stage(
              records.stream().filter(r -> !r.isValidation()).map(ModelRecord::toRow).toList(),
              plan.dataset().classes(),
              out.resolve(ResultsCsv.FILE_NAME),
              outputs);
      timings.put("results", Experiment.secondsSince(t0));

      t0 = System.nanoTime();
      FitSummary fit = stages.fit(csv.file(), out, outputs, plan, whole, settings, progress);
      timings.put("curve fit", Experiment.secondsSince(t0));
      if (adaptive != null) {
        JsonOutputs.addToFitJson(
            outputs, out.resolve(FitJsonWriter.FILE_NAME), "adaptive", adaptive.json());
      }
      Map<String, Integer> testPerClass = scoredPerClass(plan, records);
      MajorityBaseline baseline = MajorityBaseline.of(testPerClass);
      if (baseline != null) {
        JsonOutputs.addToFitJson(
            outputs,
            out.resolve(FitJsonWriter.FILE_NAME),
            MajorityBaseline.JSON_KEY,
            baseline.json());
      }
      List<String> dataWarnings =
          AnswerLines.dataWarnings(plan, settings, records, whole, fit, testPerClass);
      FitJsonWriter.addWarnings(outputs, out.resolve(FitJsonWriter.FILE_NAME), dataWarnings);

      List<FitSummary.Validation> validations = List.of();
      if (settings.validate()) {
        validations = Answers.validations(records, fit);
        JsonOutputs.stageJson(
            outputs, out.resolve(Experiment.VALIDATION_FILE), Answers.validationJson(validations));
      } else {
        // An earlier run's validation describes another run: this one's outputs omit it.
        outputs.delete(out.resolve(Experiment.VALIDATION_FILE));
      }

      t0 = System.nanoTime();
      String answer = Answers.answer(fit, settings, whole);
      List<String> more =
          AnswerLines.more(
              fit, settings, answer, whole, adaptive, baseline, dataWarnings, imageNotes, records);
      Map<String, Object> stageFacts = new LinkedHashMap<>(stages.provenance(plan, computed));
      if (computed == null) {
        imageNotes.featurePassFacts().forEach(stageFacts::putIfAbsent);
      }
      Map<String, Object> provenance =
          Provenance.build(
              settings,
              identity,
              plan,
              records,
              whole,
              imageNotes.skipped(),
              stageFacts,
              timings,
              started);
      JsonOutputs.stageJson(outputs, out.resolve(Experiment.PROVENANCE_FILE), provenance);
      HtmlReport.Page page =
          new HtmlReport.Page(
              answer,
              more,
              fit.intervalLevel(),
              new HtmlReport.Dataset(
                  plan.dataset().name(),
                  plan.dataset().root(),
                  plan.dataset().sha256(),
                  plan.dataset().classes(),
                  plan.dataset().imagesPerClass(),
                  plan.dataset().trainSize(),
                  whole.usable(),
                  plan.dataset().testSize(),
                  testPerClass.values().stream().mapToInt(Integer::intValue).sum(),
                  plan.dataset().ignored(),
                  imageNotes.skipped(),
                  plan.inputs() == null
                      ? null
                      : Planner.unreadInClassFolders(plan.inputs().dataset())),
              timings.entrySet().stream()
                  .map(e -> new HtmlReport.Timing(e.getKey(), e.getValue()))
                  .toList(),
              fit.plotSvg(),
              fit.plotPng(),
              fit.curves(),
              fit.targets(),
              Answers.points(records),
              validations,
              Provenance.facts(plan, stageFacts, provenance),
              flatSettings(settings),
              fit.perClass(),
              fit.perClassPlot());
      outputs.stageString(out.resolve(Experiment.SETTINGS_FILE), SettingsIO.yaml(settings));
      HtmlReport.stage(page, out.resolve(HtmlReport.FILE_NAME), outputs);
      outputs.commit();
      timings.put("report", Experiment.secondsSince(t0));
      return new Experiment.Outcome(
          out, answer, trainedNow, resumed, csv.rows(), fit, validations, List.copyOf(more), whole);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the outputs into " + out, e);
    }
  }

  /**
   * Each class's test images the models were scored on: the split's, less any that did not decode
   * (as the models' records count them), so the majority baseline and the few-test-images warnings
   * count what was measured.
   */
  private static Map<String, Integer> scoredPerClass(Plan plan, List<ModelRecord> records) {
    Map<String, Integer> split = TestSetWarnings.perClass(plan);
    List<String> names = plan.dataset().classes();
    return records.stream()
        .map(ModelRecord::perClassTestCount)
        .filter(c -> c.size() == names.size() && split.size() == names.size())
        .findFirst()
        .map(
            c -> {
              Map<String, Integer> m = new LinkedHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), c.get(i));
              }
              return m;
            })
        .orElse(split);
  }

  /**
   * The report's "Settings in force" table: the keys as {@code settings.yaml} and a settings file
   * write them ({@code target}, the flag's name, not the record's {@code targets}), so that a key
   * read off the page can be typed into a settings file or on the command line as it is.
   */
  static Map<String, String> flatSettings(RunSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    SettingsIO.toTree(s)
        .fields()
        .forEachRemaining(
            e ->
                m.put(
                    e.getKey().equals("targets") ? SettingsIO.TARGET_ALIAS : e.getKey(),
                    e.getValue().isNull() ? "(default)" : e.getValue().toString()));
    return m;
  }
}
