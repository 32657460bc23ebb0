package org.samplesize.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samplesize.features.FeatureStore;

/**
 * What the feature stage hands the training stage: the pooled features of every row of the plan's
 * {@link RowLayout}, the trunk activations for fine-tuning, and what the pass found. Owns the two
 * stores: {@link #close()} closes them and is idempotent.
 *
 * @param pooled the pooled features, one row per {@link RowLayout} row; {@code null} in a test
 *     double
 * @param trunk the activations at the fine-tuning cut for the same rows, or {@code null} without
 *     fine-tuning
 * @param rowLabels the label of each row
 * @param testRows the test rows whose image could be read
 * @param skipped images that could not be used ({@code "path: reason"}), those left out before
 *     planning first
 * @param warnings what the user must know to read the answer right, one sentence each
 * @param facts what the pass found, for {@code provenance.json}
 * @param usableTrainPerClass each class's training images whose data decoded, in class order; empty
 *     when not counted (then every planned training image counts as usable)
 */
public record FeatureSet(
    FeatureStore pooled,
    FeatureStore trunk,
    int[] rowLabels,
    int[] testRows,
    List<String> skipped,
    List<String> warnings,
    Map<String, Object> facts,
    List<Integer> usableTrainPerClass)
    implements AutoCloseable {

  /** Copies the lists. */
  public FeatureSet {
    usableTrainPerClass =
        usableTrainPerClass == null ? List.of() : List.copyOf(usableTrainPerClass);
    rowLabels = rowLabels == null ? new int[0] : rowLabels.clone();
    testRows = testRows == null ? new int[0] : testRows.clone();
    skipped = List.copyOf(skipped);
    warnings = List.copyOf(warnings);
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  @Override
  public int[] rowLabels() {
    return rowLabels.clone();
  }

  @Override
  public int[] testRows() {
    return testRows.clone();
  }

  /**
   * @param row a row of the plan's layout
   * @return whether its image could be read
   */
  public boolean valid(int row) {
    return pooled.valid(row);
  }

  /** Closes both stores. Idempotent (each store's {@code close} is). */
  @Override
  public void close() {
    try {
      if (pooled != null) {
        pooled.close();
      }
    } finally {
      if (trunk != null) {
        trunk.close();
      }
    }
  }
}
