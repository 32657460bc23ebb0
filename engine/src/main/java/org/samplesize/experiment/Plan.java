package org.samplesize.experiment;

import java.util.List;

/**
 * What the planner ({@link ExperimentStages#plan}) found and decided: the data set, the model,
 * every model to train in plan order, and for the later stages the split, each model's subsample
 * positions and the feature rows ({@link #inputs()}). Immutable; the journal and the resume
 * identity read only the summary.
 *
 * @param dataset the data set summary
 * @param modelName the model card's name
 * @param modelFile the resolved ONNX file
 * @param modelSha256 the ONNX file's SHA-256
 * @param models every model of the experiment, in plan order (fractions ascending, then repeats;
 *     the validation model last)
 * @param dataListing for {@code tf_flowers}, the stat-only fingerprint of the images used (names,
 *     sizes, modification times); {@code null} for a folder, whose content is hashed
 * @param cardSha256 SHA-256 of the model card's fields that decide the numbers ({@link
 *     org.samplesize.features.ModelCard#numbersSha256()}), or {@code null} when unknown
 * @param inputs what the feature and training stages need, or {@code null} for a plan that only
 *     summarises (a test double's)
 * @param dataWarnings what the planner found wrong with the data that bears on the answer (images
 *     duplicated across classes or across the split, {@link DuplicateImages}), as sentences; empty
 *     when nothing
 */
public record Plan(
    DatasetSummary dataset,
    String modelName,
    String modelFile,
    String modelSha256,
    List<PlannedModel> models,
    String dataListing,
    String cardSha256,
    PlanInputs inputs,
    List<String> dataWarnings) {

  /** Copies the lists. */
  public Plan {
    models = List.copyOf(models);
    dataWarnings = dataWarnings == null ? List.of() : List.copyOf(dataWarnings);
  }

  /**
   * @return {@link #inputs()}
   * @throws IllegalStateException when this plan only summarises
   */
  public PlanInputs requireInputs() {
    if (inputs == null) {
      throw new IllegalStateException("this plan holds no split or positions: plan with a Planner");
    }
    return inputs;
  }

  /**
   * A plan without a listing fingerprint or card hash.
   *
   * @param dataset the data set summary
   * @param modelName the model card's name
   * @param modelFile the resolved ONNX file
   * @param modelSha256 the ONNX file's SHA-256
   * @param models every model of the experiment, in plan order
   */
  public Plan(
      DatasetSummary dataset,
      String modelName,
      String modelFile,
      String modelSha256,
      List<PlannedModel> models) {
    this(dataset, modelName, modelFile, modelSha256, models, null, null, null, List.of());
  }
}
