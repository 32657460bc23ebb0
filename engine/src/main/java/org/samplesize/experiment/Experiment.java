package org.samplesize.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.ProgressListener;
import org.samplesize.io.OutputFolder;
import org.samplesize.report.FitSummary;

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
      return RunOutputs.write(
          new RunOutputs.FinishedRun(
              out,
              settings,
              plan,
              identity,
              records,
              whole,
              imageNotes,
              computed,
              adaptive,
              timings,
              started,
              trainedNow,
              resumed),
          stages,
          progress);
    }
  }

  static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
