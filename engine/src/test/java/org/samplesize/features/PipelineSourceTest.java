package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.samplesize.image.Augmentation;
import org.samplesize.image.ImagePipeline;
import org.samplesize.image.ImageRequest;
import org.samplesize.image.Preprocessing;

class PipelineSourceTest {
  @Test
  void thePipelineStartsOnlyWhenRowsAreAskedFor() {
    AtomicInteger made = new AtomicInteger();
    List<ImageRequest> reqs = List.of(new ImageRequest(Path.of("missing.jpg"), 0, 0, false));
    try (PipelineSource unused =
        new PipelineSource(
            () -> {
              made.incrementAndGet();
              return new ImagePipeline(Preprocessing.kerasSquash224(), Augmentation.none(), 1, 0);
            },
            reqs,
            4)) {
      assertFalse(unused.started());
    }
    assertEquals(0, made.get(), "a cache that holds every row never starts the pipeline");

    try (PipelineSource used =
        new PipelineSource(
            () -> {
              made.incrementAndGet();
              return new ImagePipeline(Preprocessing.kerasSquash224(), Augmentation.none(), 1, 0);
            },
            reqs,
            4)) {
      try (InputSource.Batches b = used.open(0)) {
        assertTrue(b.hasNext());
        InputBatch batch = b.next();
        assertEquals(1, batch.skipped().size(), "the missing file is a skipped row");
        batch.release().run();
      }
      assertTrue(used.started());
    }
    assertEquals(1, made.get());
  }
}
