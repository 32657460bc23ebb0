package org.samplesize.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * One model to train: which rows of the feature matrix it may learn from, and its seed.
 *
 * @param id a name for the job, e.g. {@code "f0.25-r3"}; not blank
 * @param trainRows row indices into the {@link FeatureMatrix}, in order, repeats allowed (a
 *     subsample drawn with replacement); as Keras' {@code validation_split} does, the last {@link
 *     HeadOptions#validationSplit()} of this list (as given, before any shuffling) validates and
 *     the rest trains. The array is copied.
 * @param seed the job's root seed: weight initialisation, per-epoch shuffles and the dropout stream
 *     are all derived from it
 */
public record TrainingJob(String id, int[] trainRows, long seed) {

  /** Validates and copies. */
  public TrainingJob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trainRows, "trainRows");
    if (id.isBlank()) {
      throw new IllegalArgumentException("job id is blank");
    }
    if (trainRows.length == 0) {
      throw new IllegalArgumentException("job " + id + " has no training rows");
    }
    trainRows = trainRows.clone();
  }

  /**
   * @return a copy of the rows
   */
  @Override
  public int[] trainRows() {
    return trainRows.clone();
  }

  /**
   * @return the number of rows, without copying them
   */
  public int size() {
    return trainRows.length;
  }

  int row(int i) {
    return trainRows[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingJob j
        && id.equals(j.id)
        && seed == j.seed
        && Arrays.equals(trainRows, j.trainRows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, seed, Arrays.hashCode(trainRows));
  }

  @Override
  public String toString() {
    return "TrainingJob[id=" + id + ", rows=" + trainRows.length + ", seed=" + seed + "]";
  }
}
