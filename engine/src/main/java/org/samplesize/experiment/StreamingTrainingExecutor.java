package org.samplesize.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.samplesize.ProgressListener;

/**
 * A training executor that hands each record over as soon as it is scored: it implements {@link
 * #train(Plan, FeatureSet, List, RunSettings, ProgressListener, Consumer)}, and the list form is
 * gathered from that, so the two forms cannot disagree. {@link LocalTrainingExecutor} is one, and
 * so is an executor that trains models in parallel elsewhere.
 */
public interface StreamingTrainingExecutor extends TrainingExecutor {

  /**
   * Trains through the streaming form and returns the records in the order of {@code models}; of a
   * model handed over twice, the record that came last.
   */
  @Override
  default List<ModelRecord> train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress) {
    Map<String, ModelRecord> byId = new LinkedHashMap<>();
    train(plan, features, models, settings, progress, r -> byId.put(r.id(), r));
    List<ModelRecord> out = new ArrayList<>(models.size());
    for (PlannedModel m : models) {
      out.add(byId.get(m.id()));
    }
    return out;
  }

  /** Redeclared without a body: the list form trains through this one. */
  @Override
  void train(
      Plan plan,
      FeatureSet features,
      List<PlannedModel> models,
      RunSettings settings,
      ProgressListener progress,
      Consumer<ModelRecord> finished);
}
