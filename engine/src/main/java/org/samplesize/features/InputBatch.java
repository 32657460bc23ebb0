package org.samplesize.features;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * One batch of preprocessed images on its way to the feature extractor: what the image pipeline
 * hands over, or pre-made tensors (benchmarks, tests).
 *
 * @param data {@code size * sampleSize} floats from position 0, batch-major, in the model layout
 * @param size number of images in {@code data}
 * @param rows for each image in {@code data}, its row in the feature store
 * @param skipped rows whose image could not be read (they stay invalid in the store)
 * @param release called once the batch's data are no longer needed (returns the buffer to a pool)
 */
public record InputBatch(
    FloatBuffer data, int size, int[] rows, List<SkippedRow> skipped, Runnable release) {

  /** Validates the batch. */
  public InputBatch {
    if (size < 0 || rows.length != size) {
      throw new IllegalArgumentException(
          "batch size " + size + " but " + rows.length + " row numbers");
    }
    skipped = List.copyOf(skipped);
    release = release == null ? () -> {} : release;
  }

  /**
   * A row whose image was skipped.
   *
   * @param row row in the feature store
   * @param path the image file
   * @param reason what was wrong with it
   */
  public record SkippedRow(int row, String path, String reason) {}
}
