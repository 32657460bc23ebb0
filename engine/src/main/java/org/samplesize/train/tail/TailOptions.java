package org.samplesize.train.tail;

import java.util.Locale;
import java.util.Objects;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingOptions;

/**
 * Settings of the recipe's second phase (fine-tuning from a block on): the settings every training
 * phase shares ({@link TrainingOptions}), the extra epochs and the device. {@link #recipe()} gives
 * the Keras recipe's values; {@code withX(..)} returns a copy with one setting changed.
 *
 * @param training the shared settings: Adam (learning rate recipe 1e-4, Keras 0.9, 0.999, 1e-7),
 *     batch 64, dropout 0.3, validation split 0.1, patience 5, best weights restored, 200 AUC
 *     thresholds, threads
 * @param extraEpochs epochs beyond the head phase's: the fine-tuning phase may run {@code head
 *     epochs run + extraEpochs} epochs, &ge; 1; recipe 20 (the recipe's code writes {@code
 *     history.epoch[-1] + 20}, and {@code history.epoch[-1]} is 0-based, so set 19 to copy that
 *     literally)
 * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; default {@code auto}
 * @param precision the matrix products' arithmetic; default {@link Precision#FP32} ({@link
 *     TailTrainer} runs {@link Precision#BF16} only where the device has it, else fp32 with a note)
 */
public record TailOptions(
    TrainingOptions training, int extraEpochs, String device, Precision precision) {

  /** Validates every setting; messages name the setting, the bad value and the valid range. */
  public TailOptions {
    Objects.requireNonNull(training, "training");
    if (extraEpochs < 1) {
      throw new IllegalArgumentException("extraEpochs = " + extraEpochs + ", expected >= 1");
    }
    device = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
    TrainingDevices.checkName(device);
    Objects.requireNonNull(precision, "precision");
  }

  /**
   * @param training the shared settings
   * @param extraEpochs epochs beyond the head phase's
   * @param device the device name
   * @return fp32 options
   */
  public TailOptions(TrainingOptions training, int extraEpochs, String device) {
    this(training, extraEpochs, device, Precision.FP32);
  }

  /**
   * @return the recipe's phase-2 settings: Adam(1e-4, 0.9, 0.999, 1e-7), head epochs + 20, batch
   *     64, dropout 0.3, validation split 0.1, patience 5 on validation AUC with best weights
   *     restored, 200 AUC thresholds, one thread per processor, device auto, fp32
   */
  public static TailOptions recipe() {
    return new TailOptions(TrainingOptions.recipe(1e-4, 5), 20, "auto");
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
    return training.trainingCount(rows);
  }

  /**
   * @return the optimiser these settings describe
   */
  public TailAdam adam() {
    return new TailAdam(training.adam());
  }

  /**
   * @return see {@link TrainingOptions#learningRate()}
   */
  public double learningRate() {
    return training.learningRate();
  }

  /**
   * @return see {@link TrainingOptions#beta1()}
   */
  public double beta1() {
    return training.beta1();
  }

  /**
   * @return see {@link TrainingOptions#beta2()}
   */
  public double beta2() {
    return training.beta2();
  }

  /**
   * @return see {@link TrainingOptions#epsilon()}
   */
  public double epsilon() {
    return training.epsilon();
  }

  /**
   * @return see {@link TrainingOptions#batchSize()}
   */
  public int batchSize() {
    return training.batchSize();
  }

  /**
   * @return see {@link TrainingOptions#dropout()}
   */
  public double dropout() {
    return training.dropout();
  }

  /**
   * @return see {@link TrainingOptions#validationSplit()}
   */
  public double validationSplit() {
    return training.validationSplit();
  }

  /**
   * @return see {@link TrainingOptions#patience()}
   */
  public int patience() {
    return training.patience();
  }

  /**
   * @return see {@link TrainingOptions#restoreBestWeights()}
   */
  public boolean restoreBestWeights() {
    return training.restoreBestWeights();
  }

  /**
   * @return see {@link TrainingOptions#aucThresholds()}
   */
  public int aucThresholds() {
    return training.aucThresholds();
  }

  /**
   * @return see {@link TrainingOptions#threads()}
   */
  public int threads() {
    return training.threads();
  }

  /**
   * @param value the new value
   * @return a copy with {@code learningRate} replaced
   */
  public TailOptions withLearningRate(double value) {
    return new TailOptions(training.withLearningRate(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code batchSize} replaced
   */
  public TailOptions withBatchSize(int value) {
    return new TailOptions(training.withBatchSize(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code dropout} replaced
   */
  public TailOptions withDropout(double value) {
    return new TailOptions(training.withDropout(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code validationSplit} replaced
   */
  public TailOptions withValidationSplit(double value) {
    return new TailOptions(training.withValidationSplit(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code patience} replaced
   */
  public TailOptions withPatience(int value) {
    return new TailOptions(training.withPatience(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code restoreBestWeights} replaced
   */
  public TailOptions withRestoreBestWeights(boolean value) {
    return new TailOptions(training.withRestoreBestWeights(value), extraEpochs, device, precision);
  }

  /**
   * @param value the new value
   * @return a copy with {@code threads} replaced
   */
  public TailOptions withThreads(int value) {
    return new TailOptions(training.withThreads(value), extraEpochs, device, precision);
  }

  /**
   * @param value extra epochs
   * @return a copy with {@code extraEpochs} replaced
   */
  public TailOptions withExtraEpochs(int value) {
    return new TailOptions(training, value, device, precision);
  }

  /**
   * @param value device name
   * @return a copy with {@code device} replaced
   */
  public TailOptions withDevice(String value) {
    return new TailOptions(training, extraEpochs, value, precision);
  }

  /**
   * @param value the matrix products' arithmetic
   * @return a copy with {@code precision} replaced
   */
  public TailOptions withPrecision(Precision value) {
    return new TailOptions(training, extraEpochs, device, value);
  }
}
