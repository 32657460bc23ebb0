package org.samplesize.features;

import java.util.Iterator;

/**
 * Where the feature cache gets its input batches: the image pipeline (decode overlapping inference
 * through its bounded queue) or pre-made tensors.
 */
@FunctionalInterface
public interface InputSource {

  /**
   * Starts producing batches for rows {@code fromRow} .. the end, in row order. Every row in that
   * range must come back exactly once, as an image of a batch or as a skipped row.
   *
   * @param fromRow first row to produce (larger than 0 when a partial cache resumes)
   * @return the batches; closing it stops the producers
   */
  Batches open(int fromRow);

  /** An iterator of batches that owns worker threads or native buffers. */
  interface Batches extends Iterator<InputBatch>, AutoCloseable {
    @Override
    void close();
  }
}
