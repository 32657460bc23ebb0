package org.samplesize.train;

/**
 * Settings of the recipe's classification head and its training: the settings every training phase
 * shares ({@link TrainingOptions}) and the epoch limit. {@link #recipe()} gives the Keras recipe's
 * values; {@code withX(..)} returns a copy with one setting changed. Validated on construction.
 *
 * @param training the shared settings: dropout (recipe 0.3), Adam (Keras defaults, learning rate
 *     1e-3), batch 64, validation split 0.1, patience 3, best weights restored, 200 AUC thresholds,
 *     threads
 * @param epochs maximum number of epochs, &ge; 1; recipe 10
 */
public record HeadOptions(TrainingOptions training, int epochs) {

  /** Validates; messages name the setting, the bad value and the valid range. */
  public HeadOptions {
    java.util.Objects.requireNonNull(training, "training");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs = " + epochs + ", expected >= 1");
    }
  }

  /**
   * @return the recipe's settings: dropout 0.3, Adam(1e-3, 0.9, 0.999, 1e-7), batch 64, 10 epochs,
   *     validation split 0.1, patience 3 on validation AUC with best weights restored, 200 AUC
   *     thresholds, one thread per available processor
   */
  public static HeadOptions recipe() {
    return new HeadOptions(TrainingOptions.recipe(1e-3, 3), 10);
  }

  /**
   * @return see {@link TrainingOptions#dropout()}
   */
  public double dropout() {
    return training.dropout();
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
   * @return a copy with {@code dropout} replaced
   */
  public HeadOptions withDropout(double value) {
    return new HeadOptions(training.withDropout(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code learningRate} replaced
   */
  public HeadOptions withLearningRate(double value) {
    return new HeadOptions(training.withLearningRate(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code beta1} replaced
   */
  public HeadOptions withBeta1(double value) {
    return new HeadOptions(training.withBeta1(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code beta2} replaced
   */
  public HeadOptions withBeta2(double value) {
    return new HeadOptions(training.withBeta2(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code epsilon} replaced
   */
  public HeadOptions withEpsilon(double value) {
    return new HeadOptions(training.withEpsilon(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code batchSize} replaced
   */
  public HeadOptions withBatchSize(int value) {
    return new HeadOptions(training.withBatchSize(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code epochs} replaced
   */
  public HeadOptions withEpochs(int value) {
    return new HeadOptions(training, value);
  }

  /**
   * @param value the new value
   * @return a copy with {@code validationSplit} replaced
   */
  public HeadOptions withValidationSplit(double value) {
    return new HeadOptions(training.withValidationSplit(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code patience} replaced
   */
  public HeadOptions withPatience(int value) {
    return new HeadOptions(training.withPatience(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code restoreBestWeights} replaced
   */
  public HeadOptions withRestoreBestWeights(boolean value) {
    return new HeadOptions(training.withRestoreBestWeights(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code aucThresholds} replaced
   */
  public HeadOptions withAucThresholds(int value) {
    return new HeadOptions(training.withAucThresholds(value), epochs);
  }

  /**
   * @param value the new value
   * @return a copy with {@code threads} replaced
   */
  public HeadOptions withThreads(int value) {
    return new HeadOptions(training.withThreads(value), epochs);
  }

  /**
   * @param rows number of rows of a job
   * @return how many of them Keras' {@code validation_split} keeps for training: {@code floor(rows
   *     * (1 - validationSplit))}; the rest, at the end of the list, validates
   */
  public int trainingCount(int rows) {
    return training.trainingCount(rows);
  }
}
