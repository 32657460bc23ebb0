package org.samplesize.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.io.OutputFolder;
import org.samplesize.report.FitJsonWriter;
import org.samplesize.report.FitSummary;
import org.samplesize.report.HtmlReport;
import org.samplesize.report.ResultsCsv;

/**
 * Runs one experiment end to end: plan, features, every model (journaled one by one), results,
 * curve fit, validation, provenance and the report. Running it again on the same output folder with
 * the same settings skips every model already journaled; with other settings, other images under
 * the same folder or another model file it refuses ({@link ResumeIdentity#identity(RunSettings,
 * Plan)}). The journal and {@code settings.yaml} are written only after the plan is made, so a run
 * that cannot scan its data or resolve its model leaves nothing behind.
 *
 * <p>One run owns the output folder while it runs ({@link OutputFolder}: a second run on it is
 * refused naming the first one's process), and a folder holding files samplesize did not write, or
 * one inside the image folder, is refused before any work.
 *
 * <p>Files written to the output folder: {@code journal.jsonl}, {@code results.csv}, {@code
 * fit.json} and the plots (staged by the fit stage), {@code validation.json} (with {@code
 * validate}; removed without it, as it would describe another run), {@code provenance.json}, {@code
 * settings.yaml}, {@code report.html}. All but the journal (and the list of unreadable images kept
 * for resuming) are written at the end and replace the earlier ones together, the report last: a
 * failure on the way leaves the previous run's outputs as they were.
 */
public final class Experiment {
  private Experiment() {}

  /** {@code validation.json}'s file name. */
  public static final String VALIDATION_FILE = "validation.json";

  /** {@code provenance.json}'s file name. */
  public static final String PROVENANCE_FILE = "provenance.json";

  /** Images that could not be read and what they mean for the answer, kept for resumed runs. */
  public static final String IMAGES_FILE = "unreadable-images.json";

  /** The settings written back, usable as {@code --config}. */
  public static final String SETTINGS_FILE = "settings.yaml";

  /**
   * What a run produced.
   *
   * @param outDir the output folder
   * @param answer the answer in one sentence
   * @param trainedNow models trained in this invocation
   * @param resumed models found already finished in the journal
   * @param resultRows rows in {@code results.csv}
   * @param fit the curve fit
   * @param validations per curve with a validation model, the head curve first (empty without
   *     {@code --validate})
   * @param moreAnswers the other answers (prediction at full size, other targets and curves), each
   *     one sentence, as the report lists them
   * @param whole the whole training set the answers are about: the planned training images and
   *     those that decoded
   */
  public record Outcome(
      Path outDir,
      String answer,
      int trainedNow,
      int resumed,
      int resultRows,
      FitSummary fit,
      List<FitSummary.Validation> validations,
      List<String> moreAnswers,
      UsableTrainingSet whole) {}

  /**
   * Runs (or resumes) the experiment.
   *
   * @param settings the settings in force
   * @param stages the pipeline stages; not closed here
   * @param progress progress and notes
   * @return what the run produced
   * @throws org.samplesize.InvalidInputException for a user mistake, including an output folder
   *     holding an experiment with other settings
   */
  public static Outcome run(
      RunSettings settings, ExperimentStages stages, ProgressListener progress) {
    Path out = Path.of(settings.out()).toAbsolutePath().normalize();
    if (settings.data() != null && Files.isDirectory(Path.of(settings.data()))) {
      // Anything written inside the image folder would join the data set (the plot is an image).
      OutputFolder.checkOutside("--out", out, "--data", Path.of(settings.data()));
      OutputFolder.checkOutside(
          settings.cache() != null ? "--cache" : "the cache folder",
          PipelineStages.cacheDir(settings),
          "--data",
          Path.of(settings.data()));
    }
    RunFolderChecks.refuseFitFolder(out);
    RunFolderChecks.refuseLostJournal(out);
    // One run owns the folder, and a folder of the user's own files is never written into; both
    // checked before anything else, so that a second run is refused at once.
    try (OutputFolder owned =
        OutputFolder.claim("--out", out, d -> Files.exists(d.resolve(Journal.FILE_NAME)))) {
      return runOwned(settings, stages, progress, out);
    }
  }

  /**
   * The line a resumed run prints, or null when nothing was finished. The models of the journaled
   * adaptive steps count too (the adaptive phase may add more after them, so the total is of the
   * models known so far).
   */
  static String resumeLine(Path out, int plannedDone, int planned, Journal journal) {
    int stepModels = 0;
    int stepDone = 0;
    List<AdaptiveStep> steps = journal.steps();
    for (AdaptiveStep st : steps) {
      for (PlannedModel m : st.models()) {
        stepModels++;
        if (journal.isDone(m.id())) {
          stepDone++;
        }
      }
    }
    int done = plannedDone + stepDone;
    if (done == 0) {
      return null;
    }
    String line =
        "resuming "
            + out
            + ": "
            + done
            + " of "
            + (planned + stepModels)
            + " models already finished";
    if (!steps.isEmpty()) {
      line +=
          " ("
              + plannedDone
              + " of "
              + planned
              + " planned, "
              + stepDone
              + " of "
              + stepModels
              + " added by "
              + steps.size()
              + " adaptive step"
              + (steps.size() == 1 ? "" : "s")
              + ")";
    }
    return line;
  }

  private static Outcome runOwned(
      RunSettings settings, ExperimentStages stages, ProgressListener progress, Path out) {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    Map<String, Double> timings = new LinkedHashMap<>();

    // The plan first: a run that cannot scan its data or resolve its model leaves no journal and
    // no settings.yaml behind to block the corrected command, and the identity a resume must match
    // holds what the plan found (the data's content fingerprint, the model's SHA-256).
    long t0 = System.nanoTime();
    Plan plan = stages.plan(settings, progress);
    timings.put("data set and plan", secondsSince(t0));
    PlanChecks.checkSizes(plan);
    PlanChecks.checkWeights(plan, settings.fitChoice());
    ObjectNode identity = ResumeIdentity.identity(settings, plan);

    try (Journal journal = Journal.open(out.resolve(Journal.FILE_NAME), identity, plan, progress)) {
      if (!Files.exists(out.resolve(SETTINGS_FILE))) {
        // At once, so that a first run killed before its outputs can be resumed with --config;
        // later runs replace it together with the outputs it describes.
        SettingsIO.writeYaml(settings, out.resolve(SETTINGS_FILE));
      }

      List<PlannedModel> pending = new ArrayList<>();
      for (PlannedModel m : plan.models()) {
        if (!journal.isDone(m.id())) {
          pending.add(m);
        }
      }
      // Models of this plan found finished: the journal may hold more (the validation model of an
      // earlier run with validate on), which this run neither counts nor reports.
      int resumed = plan.models().size() - pending.size();
      String resuming = resumeLine(out, resumed, plan.models().size(), journal);
      if (resuming != null) {
        progress.note(resuming);
      }

      int trainedNow = 0;
      // The features pass runs when a model is first to be trained (an adaptive step may need it
      // after every planned model was found finished). Closed after training; what it found
      // (skipped images, facts) stays readable.
      FeatureSet[] open = {null};
      ImageNotes[] notes = {null};
      java.util.function.Supplier<FeatureSet> features =
          () -> {
            if (open[0] == null) {
              long t = System.nanoTime();
              FeatureSet f = stages.features(plan, settings, progress);
              timings.merge("features", secondsSince(t), Double::sum);
              // Kept beside the journal: a later run with nothing left to train skips the
              // features, and must still report the images that could not be read and what the
              // pass that computed the models' features recorded (provider, cache).
              notes[0] =
                  new ImageNotes(
                      f.skipped(),
                      f.warnings(),
                      ImageNotes.tree(f.facts()),
                      f.usableTrainPerClass());
              JsonOutputs.writeJson(out.resolve(IMAGES_FILE), notes[0]);
              open[0] = f;
            }
            return open[0];
          };
      Plan finalPlan = plan;
      AdaptiveRun.Outcome adaptive = null;
      try {
        if (!pending.isEmpty()) {
          FeatureSet f = features.get();
          t0 = System.nanoTime();
          trainedNow = TrainingPass.train(plan, f, pending, settings, stages, journal, progress);
          timings.put("training", secondsSince(t0));
        }
        if (settings.untilWidth() != null) {
          // The whole training set as the feature pass found it (this one's, else the last one's):
          // the chooser predicts at the images the models can learn from.
          int usable =
              UsableTrainingSet.of(plan, ImageNotes.latest(notes[0], out).usableTrainPerClass())
                  .usable();
          t0 = System.nanoTime();
          adaptive =
              AdaptiveRun.run(
                  plan,
                  settings,
                  stages,
                  journal,
                  (p, ms) ->
                      TrainingPass.train(
                          p, features.get(), ms, settings, stages, journal, progress),
                  CurveFitStage.options(settings, usable),
                  usable,
                  () -> (System.nanoTime() - startNanos) / 1_000_000,
                  trainedNow,
                  progress);
          timings.put("adaptive steps", secondsSince(t0));
          finalPlan = adaptive.plan();
          trainedNow += adaptive.trainedNow();
          resumed += adaptive.resumed();
        }
      } finally {
        if (open[0] != null) {
          open[0].close();
        }
      }
      FeatureSet computed = open[0];
      // Nothing trained, so no features pass: the notes come from the run that did one.
      ImageNotes imageNotes = ImageNotes.latest(notes[0], out);
      // The answer is about the training images the models could learn from: planned ones whose
      // data did not decode are not among them (the same on a resumed run, from the notes).
      UsableTrainingSet whole = UsableTrainingSet.of(plan, imageNotes.usableTrainPerClass());

      java.util.Set<String> planned = new java.util.HashSet<>();
      finalPlan.models().forEach(m -> planned.add(m.id()));
      List<ModelRecord> records =
          journal.records().stream().filter(r -> planned.contains(r.id())).toList();
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
        timings.put("results", secondsSince(t0));

        t0 = System.nanoTime();
        FitSummary fit = stages.fit(csv.file(), out, outputs, plan, whole, settings, progress);
        timings.put("curve fit", secondsSince(t0));
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
        FitSummary.Curve answered = fit.curve(Answers.answerCurve(fit));
        // What the data and the test set cannot show, which fit.json's curves do not know.
        List<String> dataWarnings = new ArrayList<>(plan.dataWarnings());
        double predicted =
            answered == null || answered.atFull() == null
                ? Double.NaN
                : answered.atFull().accuracy();
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
        FitJsonWriter.addWarnings(outputs, out.resolve(FitJsonWriter.FILE_NAME), dataWarnings);

        List<FitSummary.Validation> validations = List.of();
        if (settings.validate()) {
          validations = Answers.validations(records, fit);
          JsonOutputs.stageJson(
              outputs, out.resolve(VALIDATION_FILE), Answers.validationJson(validations));
        } else {
          // An earlier run's validation describes another run: this one's outputs omit it.
          outputs.delete(out.resolve(VALIDATION_FILE));
        }

        t0 = System.nanoTime();
        String answer = Answers.answer(fit, settings, whole);
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
        java.util.stream.Stream.of(
                fit.warnings(Answers.answerCurve(fit)),
                dataWarnings,
                imageNotes.warnings(),
                FineTunePrecision.warnings(records))
            .flatMap(List::stream)
            .map(w -> TestSetWarnings.PREFIX + w)
            .forEach(more::add);
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
        JsonOutputs.stageJson(outputs, out.resolve(PROVENANCE_FILE), provenance);
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
        outputs.stageString(out.resolve(SETTINGS_FILE), SettingsIO.yaml(settings));
        HtmlReport.stage(page, out.resolve(HtmlReport.FILE_NAME), outputs);
        outputs.commit();
        timings.put("report", secondsSince(t0));
        return new Outcome(
            out,
            answer,
            trainedNow,
            resumed,
            csv.rows(),
            fit,
            validations,
            List.copyOf(more),
            whole);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the outputs into " + out, e);
      }
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

  private static Map<String, String> flatSettings(RunSettings s) {
    Map<String, String> m = new LinkedHashMap<>();
    SettingsIO.toTree(s)
        .fields()
        .forEachRemaining(
            e -> m.put(e.getKey(), e.getValue().isNull() ? "(default)" : e.getValue().toString()));
    return m;
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

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
