package org.samplesize.train;

import java.util.Objects;

/**
 * The part of every {@link HeadStack} that is not device work, written once: the shape checks of
 * the constructor, the argument checks of every call (the same bad input is refused with the same
 * message before any native call, whatever the device), the lifecycle (idempotent close, use after
 * close refused naming the class) and which models have a saved best copy. A device implements the
 * protected {@code do*} methods, which receive checked arguments only. The training loop that
 * drives a stack (epochs, shuffling, early stopping, metrics) is {@link HeadTrainer}, above all
 * devices.
 */
public abstract class DeviceHeadStack implements HeadStack {
  /** Feature rows. */
  protected final int rows;

  /** Features per row. */
  protected final int cols;

  /** Classes. */
  protected final int classes;

  /** Models in the stack. */
  protected final int models;

  /** Minibatch size. */
  protected final int batch;

  private final boolean[] saved;
  private boolean closed;

  /**
   * Checks the shape of a new stack.
   *
   * @param features the feature rows
   * @param labels class of every row
   * @param numClasses classes, &ge; 2
   * @param models models, &ge; 1
   * @param options head settings
   * @throws IllegalArgumentException when a count does not fit
   */
  protected DeviceHeadStack(
      FeatureMatrix features, int[] labels, int numClasses, int models, HeadOptions options) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(options, "options");
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ", expected >= 2");
    }
    if (models < 1) {
      throw new IllegalArgumentException("models = " + models + ", expected >= 1");
    }
    if (labels.length != features.rows()) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries, features " + features.rows() + " rows");
    }
    this.rows = features.rows();
    this.cols = features.cols();
    this.classes = numClasses;
    this.models = models;
    this.batch = options.batchSize();
    this.saved = new boolean[models];
  }

  @Override
  public final void setParameters(int model, float[] weights, float[] bias) {
    checkModel(model);
    checkLengths(weights, bias);
    doSetParameters(model, weights, bias);
  }

  @Override
  public final void getParameters(int model, float[] weights, float[] bias) {
    checkModel(model);
    checkLengths(weights, bias);
    doGetParameters(model, weights, bias);
  }

  @Override
  public final void saveBest(int model) {
    checkModel(model);
    doSaveBest(model);
    saved[model] = true;
  }

  @Override
  public final void restoreBest(int model) {
    checkModel(model);
    if (!saved[model]) {
      throw new IllegalStateException("no best weights were saved for model " + model);
    }
    doRestoreBest(model);
  }

  @Override
  public final void trainEpoch(int[][] orders, long[] dropoutKeys) {
    checkOpen();
    if (orders.length != models || dropoutKeys.length != models) {
      throw new IllegalArgumentException(
          "orders/dropoutKeys have "
              + orders.length
              + "/"
              + dropoutKeys.length
              + " entries, expected "
              + models);
    }
    for (int m = 0; m < models; m++) {
      if (orders[m] != null) {
        checkRows(orders[m], m);
      }
    }
    doTrainEpoch(orders, dropoutKeys);
  }

  @Override
  public final long[][] trainEpochAndCount(
      int[][] orders,
      long[] dropoutKeys,
      int[][] rowSets,
      int[] labels,
      int numClasses,
      int thresholds) {
    checkOpen();
    if (orders.length != models || dropoutKeys.length != models || rowSets.length != models) {
      throw new IllegalArgumentException(
          "orders/dropoutKeys/rows have "
              + orders.length
              + "/"
              + dropoutKeys.length
              + "/"
              + rowSets.length
              + " entries, expected "
              + models);
    }
    if (numClasses != classes || labels.length != rows) {
      throw new IllegalArgumentException(
          "numClasses/labels are "
              + numClasses
              + "/"
              + labels.length
              + ", expected "
              + classes
              + "/"
              + rows);
    }
    for (int m = 0; m < models; m++) {
      if (orders[m] != null) {
        checkRows(orders[m], m);
      }
      if (rowSets[m] != null) {
        checkRows(rowSets[m], m);
      }
    }
    return doTrainEpochAndCount(orders, dropoutKeys, rowSets, labels, thresholds);
  }

  @Override
  public final void predict(int[][] rowSets, float[][] probabilities) {
    checkOpen();
    if (rowSets.length != models || probabilities.length != models) {
      throw new IllegalArgumentException(
          "rows/probabilities have "
              + rowSets.length
              + "/"
              + probabilities.length
              + " entries, expected "
              + models);
    }
    boolean any = false;
    for (int m = 0; m < models; m++) {
      if (rowSets[m] == null) {
        continue;
      }
      checkRows(rowSets[m], m);
      if (probabilities[m] == null || probabilities[m].length != rowSets[m].length * classes) {
        throw new IllegalArgumentException(
            "probabilities of model "
                + m
                + " must hold "
                + rowSets[m].length * classes
                + " values");
      }
      any = true;
    }
    if (any) {
      doPredict(rowSets, probabilities);
    }
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  /**
   * @param model a model index, checked
   * @param weights its {@code classes × cols} weights
   * @param bias its {@code classes} bias values
   */
  protected abstract void doSetParameters(int model, float[] weights, float[] bias);

  /**
   * @param model a model index, checked
   * @param weights receives its weights
   * @param bias receives its bias
   */
  protected abstract void doGetParameters(int model, float[] weights, float[] bias);

  /**
   * @param model a model index, checked: copy its current parameters aside
   */
  protected abstract void doSaveBest(int model);

  /**
   * @param model a model index with a saved copy: make that copy current
   */
  protected abstract void doRestoreBest(int model);

  /**
   * One epoch, as {@link #trainEpoch}, its rows checked.
   *
   * @param orders per model, its rows in order, or null
   * @param dropoutKeys per model, its dropout key
   */
  protected abstract void doTrainEpoch(int[][] orders, long[] dropoutKeys);

  /**
   * One epoch then the AUC counts, as {@link #trainEpochAndCount}, its rows checked and {@code
   * numClasses} the stack's. By default {@link #doTrainEpoch} then {@link #kerasAucCounts}.
   *
   * @param orders per model, its rows in order, or null
   * @param dropoutKeys per model, its dropout key
   * @param rowSets per model, the rows to count, or null
   * @param labels class of every feature row
   * @param thresholds number of thresholds
   * @return per model the counts, or null where {@code rowSets[m]} is null
   */
  protected long[][] doTrainEpochAndCount(
      int[][] orders, long[] dropoutKeys, int[][] rowSets, int[] labels, int thresholds) {
    doTrainEpoch(orders, dropoutKeys);
    return kerasAucCounts(rowSets, labels, classes, thresholds);
  }

  /**
   * Scoring, as {@link #predict}, its rows and output lengths checked, at least one model named.
   *
   * @param rowSets per model, rows or null
   * @param probabilities per model, receives the probabilities
   */
  protected abstract void doPredict(int[][] rowSets, float[][] probabilities);

  /** Frees the device memory; called once, by {@link #close()}. */
  protected abstract void release();

  /**
   * Refuses work on a device that has been closed (the stack's backend).
   *
   * @throws IllegalStateException when it is closed
   */
  protected abstract void ensureDeviceOpen();

  /**
   * @throws IllegalStateException naming the class when the stack or its device is closed
   */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
    ensureDeviceOpen();
  }

  /**
   * @param rowIndices rows one model trains or is scored on
   * @param model the model they belong to (for the message)
   * @throws IllegalArgumentException naming the first row outside {@code [0, rows)} and its
   *     position
   */
  protected final void checkRows(int[] rowIndices, int model) {
    for (int i = 0; i < rowIndices.length; i++) {
      if (rowIndices[i] < 0 || rowIndices[i] >= rows) {
        throw new IllegalArgumentException(
            "model "
                + model
                + ": row "
                + rowIndices[i]
                + " at position "
                + i
                + " is outside [0, "
                + rows
                + ")");
      }
    }
  }

  private void checkModel(int model) {
    checkOpen();
    if (model < 0 || model >= models) {
      throw new IndexOutOfBoundsException("model " + model + " outside [0, " + models + ")");
    }
  }

  private void checkLengths(float[] weights, float[] bias) {
    if (weights.length != classes * cols || bias.length != classes) {
      throw new IllegalArgumentException(
          "weights/bias have "
              + weights.length
              + "/"
              + bias.length
              + " values, expected "
              + classes * cols
              + "/"
              + classes);
    }
  }
}
