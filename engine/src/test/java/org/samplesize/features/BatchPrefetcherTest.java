package org.samplesize.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;
import org.samplesize.image.SkippedImage;

class BatchPrefetcherTest {

  /** A fake stream of {@code n} one-image batches; fails at batch {@code failAt}. */
  static final class FakeStream implements BatchStream {
    final int n;
    final int failAt;
    int next;
    boolean closed;
    final AtomicInteger released = new AtomicInteger();

    /** Counted down once per batch handed out, so that a test can wait for the producer. */
    final CountDownLatch produced;

    FakeStream(int n, int failAt, CountDownLatch produced) {
      this.n = n;
      this.failAt = failAt;
      this.produced = produced;
    }

    FakeStream(int n, int failAt) {
      this(n, failAt, new CountDownLatch(0));
    }

    @Override
    public boolean hasNext() {
      return next < n;
    }

    @Override
    public ImageBatch next() {
      if (next == failAt) {
        next++;
        throw new IllegalStateException("decode failed");
      }
      int pos = next++;
      produced.countDown();
      return new ImageBatch() {
        @Override
        public FloatBuffer data() {
          return FloatBuffer.wrap(new float[] {pos});
        }

        @Override
        public int size() {
          return 1;
        }

        @Override
        public int[] requestPositions() {
          return new int[] {pos};
        }

        @Override
        public List<SkippedImage> skipped() {
          return List.of();
        }

        @Override
        public void release() {
          released.incrementAndGet();
        }
      };
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void deliversEveryBatchInOrder() {
    FakeStream s = new FakeStream(10, -1);
    List<Integer> got = new ArrayList<>();
    try (BatchPrefetcher p = new BatchPrefetcher(s, 2)) {
      while (p.hasNext()) {
        ImageBatch b = p.next();
        got.add(b.requestPositions()[0]);
        b.release();
      }
      assertFalse(p.hasNext());
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
    assertEquals(true, s.closed);
  }

  @Test
  void errorsReachTheConsumerAndCloseReleasesWhatIsQueued() throws Exception {
    FakeStream s = new FakeStream(10, 3);
    BatchPrefetcher p = new BatchPrefetcher(s, 2);
    int[] seen = new int[3];
    for (int i = 0; i < 3; i++) {
      ImageBatch b = p.next();
      seen[i] = b.requestPositions()[0];
      b.release();
    }
    assertArrayEquals(new int[] {0, 1, 2}, seen);
    IllegalStateException e = assertThrows(IllegalStateException.class, p::hasNext);
    assertEquals("decode failed", e.getMessage());
    p.close();
    p.close();
    assertEquals(3, s.released.get());
    assertThrows(IllegalStateException.class, p::hasNext);

    // Depth 2: once batch 3 has been produced, batches 1 and 2 are queued and the producer holds
    // batch 3, waiting for room. Closing then must hand back all three.
    CountDownLatch four = new CountDownLatch(4);
    FakeStream big = new FakeStream(100, -1, four);
    BatchPrefetcher early = new BatchPrefetcher(big, 2);
    early.next().release();
    assertTrue(four.await(30, TimeUnit.SECONDS), "the producer did not fill the queue");
    early.close(); // abandons the rest: queued batches are handed back
    assertEquals(4, big.next, "the producer ran ahead of a full queue");
    assertEquals(4, big.released.get(), "a produced batch was neither consumed nor released");
    assertEquals(true, big.closed);
  }
}
