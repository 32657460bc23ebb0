package org.samplesize.train.tail;

import java.util.Locale;
import org.samplesize.train.TrainingDevices;

/**
 * Settings of the recipe's second phase (fine-tuning from a block on). {@link #recipe()} gives the
 * Keras recipe's values; {@code withX(..)} returns a copy with one setting changed.
 *
 * @param learningRate Adam learning rate, &gt; 0; recipe 1e-4
 * @param beta1 Adam first-moment decay in {@code [0, 1)}; Keras 0.9
 * @param beta2 Adam second-moment decay in {@code [0, 1)}; Keras 0.999
 * @param epsilon Adam epsilon, &gt; 0; Keras 1e-7
 * @param extraEpochs epochs beyond the head phase's: the fine-tuning phase may run {@code head
 *     epochs run + extraEpochs} epochs, &ge; 1; recipe 20 (the recipe's code writes {@code
 *     history.epoch[-1] + 20}, and {@code history.epoch[-1]} is 0-based, so set 19 to copy that
 *     literally)
 * @param batchSize minibatch size, &ge; 1; recipe 64
 * @param dropout dropout rate before the dense head, in {@code [0, 1)}; recipe 0.3
 * @param validationSplit fraction of each job's rows (the last ones, as Keras' {@code
 *     validation_split}) that validates, in {@code [0, 1)}; recipe 0.1
 * @param patience early-stopping patience in epochs on validation AUC, &ge; 0; recipe 5
 * @param restoreBestWeights restore the best validation epoch's weights at the end; recipe true
 * @param aucThresholds thresholds of the Keras-style AUC, &ge; 3; Keras 200
 * @param threads CPU worker threads, &ge; 1; default: available processors
 * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; default {@code auto}
 */
public record TailOptions(
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    int extraEpochs,
    int batchSize,
    double dropout,
    double validationSplit,
    int patience,
    boolean restoreBestWeights,
    int aucThresholds,
    int threads,
    String device) {

  /** Validates every setting; messages name the setting, the bad value and the valid range. */
  public TailOptions {
    new TailAdam(learningRate, beta1, beta2, epsilon); // validates the Adam settings
    if (extraEpochs < 1) {
      throw new IllegalArgumentException("extraEpochs = " + extraEpochs + ", expected >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize = " + batchSize + ", expected >= 1");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout = " + dropout + ", expected a value in [0, 1)");
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
    device = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    TrainingDevices.checkName(device);
  }

  /**
   * @return the recipe's phase-2 settings: Adam(1e-4, 0.9, 0.999, 1e-7), head epochs + 20, batch
   *     64, dropout 0.3, validation split 0.1, patience 5 on validation AUC with best weights
   *     restored, 200 AUC thresholds, one thread per processor, device auto
   */
  public static TailOptions recipe() {
    return new TailOptions(
        1e-4,
        0.9,
        0.999,
        1e-7,
        20,
        64,
        0.3,
        0.1,
        5,
        true,
        200,
        Runtime.getRuntime().availableProcessors(),
        "auto");
  }

  /**
   * @param headEpochsRun epochs the head phase ran (before early stopping or its limit)
   * @return the fine-tuning phase's epoch limit, {@code headEpochsRun + extraEpochs}
   */
  public int epochs(int headEpochsRun) {
    return Math.max(0, headEpochsRun) + extraEpochs;
  }

  /**
   * @param rows rows of a job
   * @return rows that train, {@code floor(rows · (1 − validationSplit))}; the rest validate
   */
  public int trainingCount(int rows) {
    return (int) Math.floor(rows * (1.0 - validationSplit));
  }

  /**
   * @return the optimiser these settings describe
   */
  public TailAdam adam() {
    return new TailAdam(learningRate, beta1, beta2, epsilon);
  }

  /**
   * @param value learning rate
   * @return a copy with it
   */
  public TailOptions withLearningRate(double value) {
    return new TailOptions(
        value,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value extra epochs
   * @return a copy with it
   */
  public TailOptions withExtraEpochs(int value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        value,
        batchSize,
        dropout,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value batch size
   * @return a copy with it
   */
  public TailOptions withBatchSize(int value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        value,
        dropout,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value dropout rate
   * @return a copy with it
   */
  public TailOptions withDropout(double value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        value,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value validation split
   * @return a copy with it
   */
  public TailOptions withValidationSplit(double value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        value,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value patience
   * @return a copy with it
   */
  public TailOptions withPatience(int value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        validationSplit,
        value,
        restoreBestWeights,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value whether to restore the best weights
   * @return a copy with it
   */
  public TailOptions withRestoreBestWeights(boolean value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        validationSplit,
        patience,
        value,
        aucThresholds,
        threads,
        device);
  }

  /**
   * @param value CPU threads
   * @return a copy with it
   */
  public TailOptions withThreads(int value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        value,
        device);
  }

  /**
   * @param value device name
   * @return a copy with it
   */
  public TailOptions withDevice(String value) {
    return new TailOptions(
        learningRate,
        beta1,
        beta2,
        epsilon,
        extraEpochs,
        batchSize,
        dropout,
        validationSplit,
        patience,
        restoreBestWeights,
        aucThresholds,
        threads,
        value);
  }
}
