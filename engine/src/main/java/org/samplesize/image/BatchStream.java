package org.samplesize.image;

import java.util.Iterator;

/**
 * Batches of decoded images, in request order. Close it to stop the workers early; closing twice is
 * harmless. {@link #next()} throws {@link org.samplesize.SamplesizeException} when decoding failed
 * for a reason other than a bad image, and {@link IllegalStateException} after {@link #close()}.
 */
public interface BatchStream extends AutoCloseable, Iterator<ImageBatch> {
  /** Stops the workers and waits for them; idempotent. */
  @Override
  void close();
}
