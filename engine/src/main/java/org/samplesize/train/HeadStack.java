package org.samplesize.train;

/**
 * Many dense-softmax heads on one device, trained together: every call serves all models named in
 * it. Model {@code m}'s weights are {@code numClasses × cols} floats (class-major) and its bias
 * {@code numClasses} floats. Each model has its own Adam state and iteration count, starting at 0
 * when the stack is opened. Not thread-safe; the caller closes it.
 */
public interface HeadStack extends AutoCloseable {

  /**
   * @param model model index
   * @param weights {@code numClasses × cols} initial weights
   * @param bias {@code numClasses} initial bias
   */
  void setParameters(int model, float[] weights, float[] bias);

  /**
   * Copies a model's current parameters out.
   *
   * @param model model index
   * @param weights receives {@code numClasses × cols} weights
   * @param bias receives {@code numClasses} bias values
   */
  void getParameters(int model, float[] weights, float[] bias);

  /**
   * One epoch for every model with a non-null order: model {@code m} takes minibatches of {@code
   * batchSize} consecutive rows of {@code orders[m]} (the last one shorter), applies dropout from
   * {@link DropoutRng} with {@code dropoutKeys[m]}, and takes one Adam step per minibatch on the
   * mean categorical cross-entropy.
   *
   * @param orders per model, the feature rows of this epoch in order, or null to leave it alone
   * @param dropoutKeys per model, its dropout key
   */
  void trainEpoch(int[][] orders, long[] dropoutKeys);

  /**
   * Class probabilities without dropout.
   *
   * @param rows per model, the rows to score, or null to skip the model
   * @param probabilities per model, receives {@code rows[m].length × numClasses} values
   */
  void predict(int[][] rows, float[][] probabilities);

  /**
   * {@link #trainEpoch} then {@link #kerasAucCounts} in one call, the same results: a device may
   * then score each model as soon as its epoch is done, without waiting for the others.
   *
   * @param orders per model, the rows of this epoch in order, or null to skip the model
   * @param dropoutKeys per model, its dropout key
   * @param rows per model, the rows to count after the epoch, or null to skip the model
   * @param labels class of every feature row
   * @param numClasses classes
   * @param thresholds number of thresholds
   * @return per model {@code 2 × thresholds} counts, or null where {@code rows[m]} is null
   */
  default long[][] trainEpochAndCount(
      int[][] orders,
      long[] dropoutKeys,
      int[][] rows,
      int[] labels,
      int numClasses,
      int thresholds) {
    trainEpoch(orders, dropoutKeys);
    return kerasAucCounts(rows, labels, numClasses, thresholds);
  }

  /**
   * Histograms of the Keras-style AUC (see {@link ClassificationMetrics#kerasAucCounts}) of each
   * model on its rows, labels taken from the stack's labels. The default scores on the host; a
   * device backend may count on the device.
   *
   * @param rows per model, the rows, or null to skip the model
   * @param labels class of every feature row
   * @param numClasses classes
   * @param thresholds number of thresholds
   * @return per model {@code 2 × thresholds} counts, or null where skipped
   */
  default long[][] kerasAucCounts(int[][] rows, int[] labels, int numClasses, int thresholds) {
    float[][] p = new float[rows.length][];
    for (int m = 0; m < rows.length; m++) {
      if (rows[m] != null) {
        p[m] = new float[rows[m].length * numClasses];
      }
    }
    predict(rows, p);
    long[][] out = new long[rows.length][];
    for (int m = 0; m < rows.length; m++) {
      if (rows[m] != null) {
        int[] y = new int[rows[m].length];
        for (int i = 0; i < y.length; i++) {
          y[i] = labels[rows[m][i]];
        }
        out[m] = ClassificationMetrics.kerasAucCounts(p[m], y, numClasses, thresholds);
      }
    }
    return out;
  }

  /**
   * Keeps a copy of a model's current parameters as its best.
   *
   * @param model model index
   */
  void saveBest(int model);

  /**
   * Makes the copy kept by {@link #saveBest} current again.
   *
   * @param model model index
   * @throws IllegalStateException when nothing was saved for the model
   */
  void restoreBest(int model);

  /** Releases the stack's memory; idempotent. */
  @Override
  void close();
}
