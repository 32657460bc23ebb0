package org.samplesize.train;

/**
 * A device that trains many heads at once. Obtain one from {@link TrainingDevice#openHeads} (after
 * {@link TrainingDevices#select}); the caller closes it. A backend opens {@link HeadStack}s, each
 * holding the features and a stack of models on the device.
 */
public interface Backend extends AutoCloseable {

  /**
   * @return what runs, recorded with every result: {@code "cpu (N threads)"} or {@code "cuda:0
   *     <device name>"}
   */
  String name();

  /**
   * Puts the features and a stack of fresh models on the device.
   *
   * @param features all rows any model or evaluation may use
   * @param labels class of every row of {@code features}
   * @param numClasses number of classes, &ge; 2
   * @param models number of models in the stack, &ge; 1
   * @param options head settings (batch size, dropout, Adam)
   * @return the stack; the caller closes it
   * @throws IllegalStateException when the backend is closed
   */
  HeadStack openStack(
      FeatureMatrix features, int[] labels, int numClasses, int models, HeadOptions options);

  /** Releases the device; idempotent. Stacks opened from it must be closed first. */
  @Override
  void close();
}
