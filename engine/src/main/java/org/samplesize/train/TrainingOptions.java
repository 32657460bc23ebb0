package org.samplesize.train;

/**
 * The settings head training ({@link HeadOptions}) and fine-tuning ({@code tail.TailOptions})
 * share, validated in one place: dropout, Adam, batching, the validation split, early stopping, the
 * AUC and the CPU threads. Each phase's options hold one of these and add what is theirs (the epoch
 * limit, the device); their {@code withX(..)} copies delegate here.
 *
 * @param dropout dropout rate before the dense layer, in {@code [0, 1)}; recipe 0.3
 * @param learningRate Adam learning rate, &gt; 0
 * @param beta1 Adam first-moment decay, in {@code [0, 1)}; Keras default 0.9
 * @param beta2 Adam second-moment decay, in {@code [0, 1)}; Keras default 0.999
 * @param epsilon Adam epsilon, &gt; 0; Keras default 1e-7
 * @param batchSize minibatch size, &ge; 1; recipe 64
 * @param validationSplit fraction of each job's rows held out for validation, taken from the end of
 *     the job's row list as Keras' {@code validation_split} does, in {@code [0, 1)}; recipe 0.1
 * @param patience early-stopping patience in epochs on validation AUC, &ge; 0
 * @param restoreBestWeights whether the weights of the best validation epoch are restored at the
 *     end; recipe true
 * @param aucThresholds number of thresholds of the Keras-style AUC, &ge; 3; Keras default 200
 * @param threads CPU worker threads, &ge; 1; default: available processors
 */
public record TrainingOptions(
    double dropout,
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    int batchSize,
    double validationSplit,
    int patience,
    boolean restoreBestWeights,
    int aucThresholds,
    int threads) {

  /** Validates every setting; messages name the setting, the bad value and the valid range. */
  public TrainingOptions {
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
   * @param learningRate the phase's Adam learning rate
   * @param patience the phase's early-stopping patience
   * @return the recipe's shared settings: dropout 0.3, Adam(learningRate, 0.9, 0.999, 1e-7), batch
   *     64, validation split 0.1, best weights restored, 200 AUC thresholds, one thread per
   *     available processor
   */
  public static TrainingOptions recipe(double learningRate, int patience) {
    return new TrainingOptions(
        0.3,
        learningRate,
        0.9,
        0.999,
        1e-7,
        64,
        0.1,
        patience,
        true,
        200,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param rows number of rows of a job
   * @return how many of them Keras' {@code validation_split} keeps for training: {@code floor(rows
   *     * (1 - validationSplit))}; the rest, at the end of the list, validates
   */
  public int trainingCount(int rows) {
    return (int) Math.floor(rows * (1.0 - validationSplit));
  }

  /**
   * @return the optimiser these settings describe
   */
  public Adam adam() {
    return new Adam(learningRate, beta1, beta2, epsilon);
  }

  /**
   * @param value new dropout rate
   * @return a copy with {@code dropout} replaced
   */
  public TrainingOptions withDropout(double value) {
    return new TrainingOptions(
        value,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withLearningRate(double value) {
    return new TrainingOptions(
        dropout,
        value,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withBeta1(double value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        value,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withBeta2(double value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        value,
        epsilon,
        batchSize,
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
  public TrainingOptions withEpsilon(double value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        value,
        batchSize,
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
  public TrainingOptions withBatchSize(int value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
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
  public TrainingOptions withValidationSplit(double value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withPatience(int value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withRestoreBestWeights(boolean value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withAucThresholds(int value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
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
  public TrainingOptions withThreads(int value) {
    return new TrainingOptions(
        dropout,
        learningRate,
        beta1,
        beta2,
        epsilon,
        batchSize,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        value);
  }
}
