package org.samplesize.train.tail;

/**
 * A tail plus its dense head, resident on one device, trained one minibatch at a time. The trunk
 * rows go in sample-major ({@code n × spec.inputSize()} floats, each row the flattened {@code
 * C×H×W} cut tensor); the network keeps its parameters, its Adam moments and its work buffers
 * (planned once for {@link #maxBatch()} rows) to itself. Dropout masks come from the caller, so
 * every backend drops the same elements.
 *
 * <p>Implementations: {@link ReferenceTailNetwork} (pure Java, double precision, for tests), {@code
 * CpuTailNetwork} (OpenBLAS) and {@code CudaTailNetwork} (cuBLAS + NVRTC). Not thread-safe. The
 * creator closes it; {@link #close()} is idempotent and any other call after it throws {@link
 * IllegalStateException}.
 */
public interface TailNetwork extends AutoCloseable {

  /**
   * @return the tail this network computes
   */
  TailSpec spec();

  /**
   * @return classes of the dense head
   */
  int numClasses();

  /**
   * @return the largest batch a call accepts
   */
  int maxBatch();

  /**
   * @return what runs, e.g. {@code "cpu (2 threads)"}
   */
  String name();

  /**
   * Loads parameters and resets the Adam moments and iteration counter.
   *
   * @param parameters values in {@link TailParameters} order, shaped for this spec and head
   */
  void setParameters(TailParameters parameters);

  /**
   * Loads parameters without touching the Adam state (restoring a snapshot mid-training is done
   * with {@link #setParameters}; this is for tests that perturb weights).
   *
   * @param parameters values in {@link TailParameters} order
   */
  void loadWeights(TailParameters parameters);

  /**
   * Copies the current parameters out.
   *
   * @param destination receives the values
   */
  void getParameters(TailParameters destination);

  /**
   * Pooled features in evaluation mode (no dropout).
   *
   * @param trunk {@code n × spec().inputSize()} trunk activations
   * @param n rows, {@code 1 ≤ n ≤ maxBatch()}
   * @param features receives {@code n × spec().featureDim()} floats
   */
  void features(float[] trunk, int n, float[] features);

  /**
   * Class probabilities in evaluation mode (no dropout).
   *
   * @param trunk {@code n × spec().inputSize()} trunk activations
   * @param n rows, {@code 1 ≤ n ≤ maxBatch()}
   * @param probabilities receives {@code n × numClasses()} floats
   */
  void predict(float[] trunk, int n, float[] probabilities);

  /**
   * Loss and gradients of one minibatch, without changing the parameters.
   *
   * @param trunk {@code n × spec().inputSize()} trunk activations
   * @param labels class of each row
   * @param n rows, {@code 1 ≤ n ≤ maxBatch()}
   * @param dropoutScale {@code n × spec().featureDim()} multipliers applied to the pooled features
   *     before the head (0 for dropped elements, {@code 1/(1 − rate)} for kept ones), or {@code
   *     null} for no dropout
   * @param gradients receives the gradient of the mean cross-entropy, in {@link TailParameters}
   *     order
   * @return the mean cross-entropy of the minibatch
   */
  double gradients(
      float[] trunk, int[] labels, int n, float[] dropoutScale, TailParameters gradients);

  /**
   * One training step: forward, backward and an Adam update of every parameter.
   *
   * @param trunk {@code n × spec().inputSize()} trunk activations
   * @param labels class of each row
   * @param n rows, {@code 1 ≤ n ≤ maxBatch()}
   * @param dropoutScale as in {@link #gradients}, or {@code null}
   * @return the mean cross-entropy of the minibatch before the update
   */
  double trainStep(float[] trunk, int[] labels, int n, float[] dropoutScale);

  /** Releases device memory; idempotent. */
  @Override
  void close();
}
