package org.samplesize.features;

import java.util.ArrayList;
import java.util.List;
import org.samplesize.SamplesizeException;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;
import org.samplesize.image.SkippedImage;

/**
 * Feeds the feature cache from the image pipeline: its decode workers fill a bounded window of
 * slots, and a {@link BatchPrefetcher} assembles the next batches while the caller's thread runs
 * the current one through ONNX Runtime. Rows are request positions; skipped images are matched to
 * their rows (a batch covers a contiguous run of requests: its images plus the images skipped since
 * the previous batch).
 */
final class PipelineSource implements InputSource, AutoCloseable {
  /** Batches assembled ahead of the one ONNX Runtime is running. */
  static final int PREFETCH = BatchPrefetcher.DEFAULT_DEPTH;

  private final java.util.function.Supplier<ImagePipeline> factory;
  private ImagePipeline pipeline;
  private final List<ImageRequest> requests;
  private final int batchSize;

  /**
   * A source whose pipeline is made on the first {@link #open}: a cache that holds every row never
   * starts one (starting OpenCV costs about half a second); {@link #close} closes it if made.
   */
  PipelineSource(
      java.util.function.Supplier<ImagePipeline> factory,
      List<ImageRequest> requests,
      int batchSize) {
    this.factory = factory;
    this.requests = List.copyOf(requests);
    this.batchSize = batchSize;
  }

  /** Whether the pipeline was ever made (for tests). */
  boolean started() {
    return pipeline != null;
  }

  @Override
  public void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Override
  public Batches open(int fromRow) {
    if (pipeline == null) {
      pipeline = factory.get();
    }
    BatchPrefetcher stream =
        new BatchPrefetcher(
            pipeline.stream(requests.subList(fromRow, requests.size()), batchSize), PREFETCH);
    return new Batches() {
      int cursor = fromRow;

      @Override
      public boolean hasNext() {
        return stream.hasNext();
      }

      @Override
      public InputBatch next() {
        ImageBatch b = stream.next();
        int[] pos = b.requestPositions();
        int[] rows = new int[pos.length];
        for (int i = 0; i < pos.length; i++) {
          rows[i] = pos[i] + fromRow;
        }
        List<SkippedImage> sk = b.skipped();
        List<InputBatch.SkippedRow> skipped = new ArrayList<>(sk.size());
        int covered = pos.length + sk.size();
        int img = 0;
        int s = 0;
        for (int r = cursor; r < cursor + covered; r++) {
          if (img < rows.length && rows[img] == r) {
            img++;
          } else {
            SkippedImage si = sk.get(s++);
            if (!si.path().equals(requests.get(r).path())) {
              throw new SamplesizeException(
                  "image pipeline reported "
                      + si.path()
                      + " skipped where row "
                      + r
                      + " is "
                      + requests.get(r).path());
            }
            skipped.add(new InputBatch.SkippedRow(r, si.path().toString(), si.reason()));
          }
        }
        cursor += covered;
        return new InputBatch(b.data(), b.size(), rows, skipped, b::release);
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }
}
