package org.samplesize.features;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.samplesize.SamplesizeException;
import org.samplesize.image.BatchStream;
import org.samplesize.image.ImageBatch;

/**
 * Pulls batches from an image {@link BatchStream} on a background thread into a small bounded
 * queue, so the next batch is being assembled (and its images decoded) while the caller runs the
 * current one through ONNX Runtime. Single consumer. {@link #close()} stops the thread, releases
 * queued batches and closes the stream; it is idempotent.
 */
public final class BatchPrefetcher implements Iterator<ImageBatch>, AutoCloseable {
  /**
   * Batches assembled ahead of the one being consumed, as feature extraction uses it: two keep
   * inference fed while staying within the pipeline's four pooled batch buffers.
   */
  public static final int DEFAULT_DEPTH = 2;

  private static final Object END = new Object();

  private final BatchStream stream;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean stopping;
  private Object head;
  private boolean closed;

  /**
   * Starts prefetching.
   *
   * @param stream the batches; owned (closed) by this prefetcher from now on
   * @param depth batches held ready, at least 1 (the pipeline pools 4 batch buffers)
   */
  public BatchPrefetcher(BatchStream stream, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, got " + depth);
    }
    this.stream = stream;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.thread = new Thread(this::pump, "samplesize-prefetch");
    thread.setDaemon(true);
    thread.start();
  }

  private void pump() {
    try {
      while (!stopping && stream.hasNext()) {
        ImageBatch b = stream.next();
        if (!offer(b)) {
          b.release();
          return;
        }
      }
      offer(END);
    } catch (RuntimeException | Error e) {
      offer(e);
    }
  }

  /** Blocks until there is room; false when stopping. */
  private boolean offer(Object o) {
    try {
      while (!stopping) {
        if (queue.offer(o, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public boolean hasNext() {
    ensureOpen();
    if (head == null) {
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SamplesizeException("interrupted while waiting for decoded images", e);
      }
    }
    if (head instanceof RuntimeException re) {
      head = END;
      throw re;
    }
    if (head instanceof Error err) {
      head = END;
      throw err;
    }
    return head != END;
  }

  @Override
  public ImageBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more batches");
    }
    ImageBatch b = (ImageBatch) head;
    head = null;
    return b;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("BatchPrefetcher is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (head instanceof ImageBatch b) {
      b.release();
    }
    for (Object o; (o = queue.poll()) != null; ) {
      if (o instanceof ImageBatch b) {
        b.release();
      }
    }
    stream.close();
  }
}
