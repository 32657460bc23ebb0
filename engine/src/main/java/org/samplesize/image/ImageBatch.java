package org.samplesize.image;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * A batch of preprocessed images. Call {@link #release()} when done so the buffer is reused; the
 * data must not be read after that.
 */
public interface ImageBatch {
  /**
   * @return a direct, native-order buffer holding {@link #size()} images one after the other, each
   *     {@link Preprocessing#floatsPerImage()} floats in the pipeline's layout; position 0, limit
   *     at the end of the last image (ready for {@code OnnxTensor.createTensor})
   */
  FloatBuffer data();

  /**
   * @return number of images in the batch: the batch size, less the images {@link #skipped()} (and
   *     fewer in the last batch)
   */
  int size();

  /**
   * @return for each row of {@link #data()}, its position in the request list
   */
  int[] requestPositions();

  /**
   * @return the images of this batch's requests that were skipped (in request order), with reasons
   */
  List<SkippedImage> skipped();

  /** Hands the buffer back to the pipeline's pool; idempotent. */
  void release();
}
