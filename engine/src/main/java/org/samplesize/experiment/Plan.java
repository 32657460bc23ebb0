package org.samplesize.experiment;

import java.util.List;

/**
 * What {@link ExperimentStages#prepare} found and decided: the data set, the model, and every model
 * to train in plan order.
 *
 * @param dataset the data set summary
 * @param modelName the model card's name
 * @param modelFile the resolved ONNX file
 * @param modelSha256 the ONNX file's SHA-256
 * @param models every model of the experiment, in plan order (fractions ascending, then repeats;
 *     the validation model last)
 */
public record Plan(
    DatasetSummary dataset,
    String modelName,
    String modelFile,
    String modelSha256,
    List<PlannedModel> models) {

  /** Copies the list. */
  public Plan {
    models = List.copyOf(models);
  }
}
