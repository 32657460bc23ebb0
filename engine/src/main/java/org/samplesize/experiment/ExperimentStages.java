package org.samplesize.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.samplesize.ProgressListener;
import org.samplesize.io.AtomicFiles;
import org.samplesize.report.FitSummary;

/**
 * The pipeline stages an {@link Experiment} walks through, behind one seam so that the
 * orchestration (journal, resume, outputs) is independent of how each stage computes. Each stage
 * takes the values the earlier ones returned and returns its own; none depends on the order in
 * which another was called. The production implementation is {@link PipelineStages}.
 *
 * <p>Implementations may hold resources (a training backend): {@link #close()} releases them and is
 * idempotent.
 */
public interface ExperimentStages extends AutoCloseable {

  /**
   * Resolves the data set and the model, scans the images, splits them and plans every model.
   *
   * @param settings the settings in force
   * @param progress progress and notes
   * @return the plan
   */
  Plan plan(RunSettings settings, ProgressListener progress);

  /**
   * The plan with more models of its curves, for an adaptive run: each drawn as the plan draws its
   * own, so that the feature and training stages handle them as planned models. The default draws
   * them with {@link Planner#extend}, which needs the plan's inputs.
   *
   * @param plan the plan
   * @param settings the settings it was made with
   * @param draws the models to add
   * @return the plan with them after its own models
   */
  default Plan extend(Plan plan, RunSettings settings, List<Planner.Draw> draws) {
    return Planner.extend(plan, settings, draws);
  }

  /**
   * Computes (or loads from the cache) the features every pending model needs: training images ×
   * {@code views} augmented views, test images × one clean view.
   *
   * @param plan the plan
   * @param settings the settings in force
   * @param progress progress and notes
   * @return the features; the caller closes them
   */
  FeatureSet features(Plan plan, RunSettings settings, ProgressListener progress);

  /**
   * Trains some of the planned models and scores them on the test set.
   *
   * @param plan the plan
   * @param features the plan's features
   * @param models models of {@code plan} to train now
   * @param settings the settings in force
   * @param progress notes only: the orchestrator counts finished models itself
   * @return one record per model, in the order of {@code models}
   */
  List<ModelRecord> train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress);

  /**
   * Trains some of the planned models and hands each record over as soon as it is scored (see
   * {@link TrainingExecutor#train(Plan, FeatureSet, List, RunSettings, ProgressListener,
   * Consumer)}: any order, a model possibly twice). The default hands over the records of {@link
   * #train(Plan, FeatureSet, List, RunSettings, ProgressListener)} in order.
   *
   * @param plan the plan
   * @param features the plan's features
   * @param models models of {@code plan} to train now
   * @param settings the settings in force
   * @param progress notes only
   * @param finished receives every record, on the calling thread
   */
  default void train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress,
      Consumer<ModelRecord> finished) {
    train(plan, features, models, settings, progress).forEach(finished);
  }

  /**
   * Fits learning curves to the results table and stages {@code fit.json} and the plots for the
   * output folder in {@code outputs}; the caller commits them together with the run's other
   * outputs, so nothing is written here directly.
   *
   * @param resultsCsv a file holding the results table as {@code results.csv} will (it may be the
   *     staged copy, not yet at its final name)
   * @param outDir the output folder
   * @param outputs where the files go until they replace the earlier ones together
   * @param fullSize the training-set size to predict at
   * @param settings the settings in force (targets)
   * @param progress progress and notes
   * @return the report's model of the fit, the plot included (the report embeds it from memory)
   */
  FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      int fullSize,
      RunSettings settings,
      ProgressListener progress);

  /**
   * Fits as {@link #fit(Path, Path, AtomicFiles.Batch, int, RunSettings, ProgressListener)} at the
   * usable training-set size; a stage that knows the plan's split may also fit the per-class curves
   * with each class's usable training images. The default fits without the plan.
   *
   * @param resultsCsv a file holding the results table
   * @param outDir the output folder
   * @param outputs where the files go until they replace the earlier ones together
   * @param plan the plan
   * @param whole the whole training set: the plan's, less the images that did not decode
   * @param settings the settings in force
   * @param progress progress and notes
   * @return the report's model of the fit
   */
  default FitSummary fit(
      Path resultsCsv,
      Path outDir,
      AtomicFiles.Batch outputs,
      Plan plan,
      UsableTrainingSet whole,
      RunSettings settings,
      ProgressListener progress) {
    return fit(resultsCsv, outDir, outputs, whole.usable(), settings, progress);
  }

  /**
   * @param plan the plan
   * @param features the features of this invocation, or {@code null} when it computed none
   * @return stage facts for {@code provenance.json}: the execution provider, cache files, what the
   *     planner found
   */
  Map<String, Object> provenance(Plan plan, FeatureSet features);

  /** Releases what the stages hold. Idempotent. */
  @Override
  void close();
}
