package org.samplesize.experiment;

import org.samplesize.ProgressListener;

/**
 * The feature stage: from a {@link Plan} to the {@link FeatureSet} every pending model needs
 * (training images × {@code views} augmented views, test images × one clean view, and the trunk
 * activations when fine-tuning). Holds nothing between calls; the local implementation is {@link
 * LocalFeatureExecutor}. Another executor (another process, a cluster) may compute the features
 * elsewhere and hand back the stores: orchestration, journal and fit do not change.
 */
@FunctionalInterface
public interface FeatureExecutor {

  /**
   * Computes (or loads from the cache) the features of the plan.
   *
   * @param plan the plan, with its {@linkplain Plan#inputs() inputs}
   * @param settings the settings in force (execution profile, threads, batch, cache)
   * @param progress progress and notes
   * @return the features; the caller closes them
   * @throws org.samplesize.InvalidInputException when a class or the test set has no readable image
   */
  FeatureSet extract(Plan plan, RunSettings settings, ProgressListener progress);
}
