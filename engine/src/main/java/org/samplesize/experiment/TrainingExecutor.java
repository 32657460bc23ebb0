package org.samplesize.experiment;

import java.util.List;
import java.util.function.Consumer;
import org.samplesize.ProgressListener;

/**
 * The training stage: takes the plan, the features and some of the plan's models and returns one
 * scored {@link ModelRecord} per model. A model's record depends only on these inputs (and the
 * settings), never on which models an earlier call trained, so that any subset can be trained in
 * any order, here or elsewhere. The local implementation is {@link LocalTrainingExecutor}; another
 * executor (another process, a cluster) can take over without touching orchestration, journal or
 * fit.
 */
public interface TrainingExecutor extends AutoCloseable {

  /**
   * Trains the models and scores them on the test set.
   *
   * @param plan the plan, with its {@linkplain Plan#inputs() inputs}
   * @param features the plan's features
   * @param models models of {@code plan} to train now
   * @param settings the settings in force (training options, threads, device)
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
   * Trains the models and hands each record to {@code finished} as soon as it is scored, so that
   * the caller can journal it before the others are done: an executor that trains models in
   * parallel (a cluster) loses only unfinished models when the caller is killed. Records may come
   * in any order; a model trained twice (a task retried elsewhere) may come twice, and the caller
   * keeps the first. The default trains through {@link #train(Plan, FeatureSet, List, RunSettings,
   * ProgressListener)} and hands the records over in the order of {@code models}.
   *
   * @param plan the plan, with its {@linkplain Plan#inputs() inputs}
   * @param features the plan's features
   * @param models models of {@code plan} to train now
   * @param settings the settings in force (training options, threads, device)
   * @param progress notes only: the orchestrator counts finished models itself
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
   * Where the models were trained, for {@code provenance.json} and the report's provenance: e.g. a
   * cluster's master and its executors. Called after training, before {@link #close()}.
   *
   * @return facts by name (words, as the report shows them); empty for this process, the default
   */
  default java.util.Map<String, Object> facts() {
    return java.util.Map.of();
  }

  /** Releases what the executor holds (a training backend). Idempotent. */
  @Override
  void close();
}
