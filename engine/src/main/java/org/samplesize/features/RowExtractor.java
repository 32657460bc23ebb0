package org.samplesize.features;

import java.nio.FloatBuffer;

/**
 * What turns a batch of inputs into feature rows for the {@link FeatureCache}: an ONNX Runtime
 * session ({@link FeatureExtractor}), or rows computed elsewhere (another process, a cluster) and
 * handed through, so that the cache is written the same way whoever computed the rows.
 */
public interface RowExtractor extends AutoCloseable {

  /**
   * @return floats per feature row
   */
  int cols();

  /**
   * @return the execution provider that computes the rows, for the cache's provenance
   */
  String providerUsed();

  /**
   * Runs one batch.
   *
   * @param batch the batch's inputs, {@code n} of them from position 0
   * @param n inputs in the batch
   * @return {@code n * cols()} floats, row-major
   */
  float[] run(FloatBuffer batch, int n);

  /** Releases what it holds. Idempotent. */
  @Override
  void close();
}
