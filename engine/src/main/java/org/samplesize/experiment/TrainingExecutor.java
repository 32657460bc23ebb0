package org.samplesize.experiment;

import java.util.List;
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

  /** Releases what the executor holds (a training backend). Idempotent. */
  @Override
  void close();
}
