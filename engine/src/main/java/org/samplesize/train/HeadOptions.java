package org.samplesize.train;

/**
 * Settings of the recipe's classification head and its training. {@link #recipe()} gives the Keras
 * recipe's values; {@code withX(..)} returns a copy with one setting changed. Validated on
 * construction.
 *
 * @param dropout dropout rate before the dense layer, in {@code [0, 1)}; recipe 0.3
 * @param learningRate Adam learning rate, &gt; 0; Keras default 1e-3
 * @param beta1 Adam first-moment decay, in {@code [0, 1)}; Keras default 0.9
 * @param beta2 Adam second-moment decay, in {@code [0, 1)}; Keras default 0.999
 * @param epsilon Adam epsilon, &gt; 0; Keras default 1e-7
 * @param batchSize minibatch size, &ge; 1; recipe 64
 * @param epochs maximum number of epochs, &ge; 1; recipe 10
 * @param validationSplit fraction of each job's rows held out for validation, taken from the end of
 *     the job's row list as Keras' {@code validation_split} does, in {@code [0, 1)}; recipe 0.1
 * @param patience early-stopping patience in epochs on validation AUC, &ge; 0; recipe 3
 * @param restoreBestWeights whether the weights of the best validation epoch are restored at the
 *     end; recipe true
 * @param aucThresholds number of thresholds of the Keras-style AUC, &ge; 3; Keras default 200
 * @param threads worker threads of the CPU backend, &ge; 1; default: available processors
 */
public record HeadOptions(
    double dropout,
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    int batchSize,
    int epochs,
    double validationSplit,
    int patience,
    boolean restoreBestWeights,
    int aucThresholds,
    int threads) {

  /** Validates every setting; messages name the setting, the bad value and the valid range. */
  public HeadOptions {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout = " + dropout + ", expected a value in [0, 1)");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate = " + learningRate + ", expected > 0");
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 = " + beta1 + ", expected a value in [0, 1)");
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 = " + beta2 + ", expected a value in [0, 1)");
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon = " + epsilon + ", expected > 0");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize = " + batchSize + ", expected >= 1");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs = " + epochs + ", expected >= 1");
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException(
          "validationSplit = " + validationSplit + ", expected a value in [0, 1)");
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience = " + patience + ", expected >= 0");
    }
    if (aucThresholds < 3) {
      throw new IllegalArgumentException("aucThresholds = " + aucThresholds + ", expected >= 3");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", expected >= 1");
    }
  }

  /**
   * @return the recipe's settings: dropout 0.3, Adam(1e-3, 0.9, 0.999, 1e-7), batch 64, 10 epochs,
   *     validation split 0.1, patience 3 on validation AUC with best weights restored, 200 AUC
   *     thresholds, one thread per available processor
   */
  public static HeadOptions recipe() {
    return new HeadOptions(
        0.3,
        1e-3,
        0.9,
        0.999,
        1e-7,
        64,
        10,
        0.1,
        3,
        true,
        200,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param value new dropout rate
   * @return a copy with {@code dropout} replaced
   */
  public HeadOptions withDropout(double value) {
    return new HeadOptions(
        value,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new learning rate
   * @return a copy with {@code learningRate} replaced
   */
  public HeadOptions withLearningRate(double value) {
    return new HeadOptions(
        dropout,
        value,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new first-moment decay
   * @return a copy with {@code beta1} replaced
   */
  public HeadOptions withBeta1(double value) {
    return new HeadOptions(
        dropout,
        learningRate,
        value,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new second-moment decay
   * @return a copy with {@code beta2} replaced
   */
  public HeadOptions withBeta2(double value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        value,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new Adam epsilon
   * @return a copy with {@code epsilon} replaced
   */
  public HeadOptions withEpsilon(double value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        value,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new batch size
   * @return a copy with {@code batchSize} replaced
   */
  public HeadOptions withBatchSize(int value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        value,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new maximum number of epochs
   * @return a copy with {@code epochs} replaced
   */
  public HeadOptions withEpochs(int value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        value,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new validation fraction
   * @return a copy with {@code validationSplit} replaced
   */
  public HeadOptions withValidationSplit(double value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        value,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value new early-stopping patience
   * @return a copy with {@code patience} replaced
   */
  public HeadOptions withPatience(int value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        value,
        restoreBestWeights,
        aucThresholds,
        threads);
  }

  /**
   * @param value whether to restore the best weights
   * @return a copy with {@code restoreBestWeights} replaced
   */
  public HeadOptions withRestoreBestWeights(boolean value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        value,
        aucThresholds,
        threads);
  }

  /**
   * @param value new number of AUC thresholds
   * @return a copy with {@code aucThresholds} replaced
   */
  public HeadOptions withAucThresholds(int value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        value,
        threads);
  }

  /**
   * @param value new CPU thread count
   * @return a copy with {@code threads} replaced
   */
  public HeadOptions withThreads(int value) {
    return new HeadOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        epochs,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        value);
  }

  /**
   * @param rows number of rows of a job
   * @return how many of them Keras' {@code validation_split} keeps for training: {@code floor(rows
   *     * (1 - validationSplit))}; the rest, at the end of the list, validates
   */
  public int trainingCount(int rows) {
    return (int) Math.floor(rows * (1.0 - validationSplit));
  }
}
