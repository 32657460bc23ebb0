package org.samplesize.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.opencv.opencv_core.Mat;
import org.samplesize.SamplesizeException;

/**
 * Decodes, resizes, augments and normalises images in parallel and hands them out as fixed-size
 * batches of floats, in request order, ready for ONNX Runtime.
 *
 * <p>Memory is bounded: at most a window of {@code 4 × threads} (at least 8) images is in flight
 * ahead of the consumer, each worker reuses its OpenCV matrices, and batch buffers come from a pool
 * ({@link ImageBatch#release()}). Bad images are skipped with a reason ({@link
 * ImageBatch#skipped()}); the following good images fill their rows, so every batch but the last
 * holds exactly {@code batchSize} images.
 *
 * <p>Augmentation parameters for a request are drawn from a stream derived from (seed, {@link
 * ImageRequest#index()}, {@link ImageRequest#view()}) only, so the output is identical whatever the
 * thread count. The pipeline owns a thread pool and native memory: close it; closing twice is
 * harmless, and using it after close throws {@link IllegalStateException}.
 */
public final class ImagePipeline implements AutoCloseable {
  private final Preprocessing pre;
  private final Augmentation aug;
  private final int threads;
  private final long seed;
  private final long maxPixels;
  private final ExecutorService pool;
  private final BlockingQueue<Worker> workers;
  private final List<Worker> allWorkers = new ArrayList<>();
  private final ArrayDeque<FloatBuffer> batchBuffers = new ArrayDeque<>();
  private int batchBufferFloats = -1;
  private volatile boolean closed;

  /**
   * @param pre resize and normalisation
   * @param aug augmentation for requests with {@link ImageRequest#augment()} set
   * @param threads worker threads, at least 1
   * @param seed root seed of the augmentation streams
   */
  public ImagePipeline(Preprocessing pre, Augmentation aug, int threads, long seed) {
    this(pre, aug, threads, seed, ImageDecoder.DEFAULT_MAX_PIXELS);
  }

  /**
   * @param pre resize and normalisation
   * @param aug augmentation for requests with {@link ImageRequest#augment()} set
   * @param threads worker threads, at least 1
   * @param seed root seed of the augmentation streams
   * @param maxPixels images with more pixels are skipped as absurd (checked before decoding)
   */
  public ImagePipeline(
      Preprocessing pre, Augmentation aug, int threads, long seed, long maxPixels) {
    this.pre = Objects.requireNonNull(pre, "pre");
    this.aug = Objects.requireNonNull(aug, "aug");
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be within 1..1024, got " + threads);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
    }
    this.threads = threads;
    this.seed = seed;
    // One image per worker thread already uses the cores; OpenCV's own parallel loops inside each
    // resize and warp would only oversubscribe them (measured slower on 2 cores).
    org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
    this.maxPixels = maxPixels;
    this.workers = new ArrayBlockingQueue<>(threads);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "samplesize-decode-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(threads, tf);
  }

  /**
   * @return the preprocessing settings
   */
  public Preprocessing preprocessing() {
    return pre;
  }

  /**
   * @return the augmentation settings
   */
  public Augmentation augmentation() {
    return aug;
  }

  /**
   * @return the number of worker threads
   */
  public int threads() {
    return threads;
  }

  /**
   * Starts decoding. The stream must be closed (or read to its end) before the pipeline is closed.
   *
   * @param requests images to decode, in the order batches will hold them
   * @param batchSize images per batch, at least 1
   * @return the batches
   * @throws IllegalStateException after {@link #close()}
   */
  public BatchStream stream(List<ImageRequest> requests, int batchSize) {
    checkOpen();
    Objects.requireNonNull(requests, "requests");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    return new Stream(List.copyOf(requests), batchSize);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Trying to use a closed ImagePipeline.");
    }
  }

  private Worker borrow() throws InterruptedException {
    Worker w = workers.poll();
    if (w != null) {
      return w;
    }
    synchronized (allWorkers) {
      if (allWorkers.size() < threads) {
        w = new Worker(new ImageDecoder(maxPixels), new ImageTransformer(pre));
        allWorkers.add(w);
        return w;
      }
    }
    return workers.take();
  }

  private synchronized FloatBuffer takeBatchBuffer(int floats) {
    if (floats != batchBufferFloats) {
      batchBuffers.clear();
      batchBufferFloats = floats;
    }
    FloatBuffer b = batchBuffers.poll();
    if (b == null) {
      b =
          ByteBuffer.allocateDirect(floats * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    return b;
  }

  private synchronized void returnBatchBuffer(FloatBuffer b) {
    if (b.capacity() == batchBufferFloats && batchBuffers.size() < 4 && !closed) {
      batchBuffers.push(b);
    }
  }

  /** Stops the threads and frees every worker's native memory; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new SamplesizeException("decode threads did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (allWorkers) {
      for (Worker w : allWorkers) {
        w.close();
      }
      allWorkers.clear();
    }
    synchronized (this) {
      batchBuffers.clear();
    }
  }

  private record Worker(ImageDecoder decoder, ImageTransformer transformer)
      implements AutoCloseable {
    @Override
    public void close() {
      decoder.close();
      transformer.close();
    }
  }

  /** Outcome of one request: null reason means the slot holds the image. */
  private record Outcome(String reason) {}

  private final class Stream implements BatchStream {
    private final List<ImageRequest> requests;
    private final int batchSize;
    private final int window;
    private final ImageTransformer.Slot[] slots;

    @SuppressWarnings("unchecked")
    private final Future<Outcome>[] ring;

    private int dispatched;
    private int consumed;
    private boolean streamClosed;
    private volatile boolean cancelled;

    @SuppressWarnings("unchecked")
    Stream(List<ImageRequest> requests, int batchSize) {
      this.requests = requests;
      this.batchSize = batchSize;
      this.window = Math.max(1, Math.min(requests.size(), Math.max(8, 4 * threads)));
      this.slots = new ImageTransformer.Slot[window];
      this.ring = new Future[window];
      int floats = pre.floatsPerImage();
      for (int i = 0; i < window; i++) {
        FloatBuffer fb =
            ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        slots[i] = new ImageTransformer.Slot(fb, pre);
      }
      topUp();
    }

    private void topUp() {
      while (dispatched < requests.size() && dispatched - consumed < window) {
        final int i = dispatched++;
        final ImageRequest req = requests.get(i);
        final ImageTransformer.Slot slot = slots[i % window];
        ring[i % window] = pool.submit(() -> process(req, slot));
      }
    }

    private Outcome process(ImageRequest req, ImageTransformer.Slot slot) throws Exception {
      if (cancelled) {
        return new Outcome("cancelled");
      }
      Worker w = borrow();
      try {
        Mat rgb;
        try {
          rgb = w.decoder().decodeRgb(req.path());
        } catch (BadImageException e) {
          return new Outcome(e.reason());
        }
        Augmentation.Params p =
            req.augment() && aug.isActive()
                ? aug.draw(seed, req.index(), req.view())
                : Augmentation.Params.IDENTITY;
        w.transformer().apply(rgb, p, slot);
        return new Outcome(null);
      } finally {
        workers.put(w);
      }
    }

    @Override
    public boolean hasNext() {
      if (streamClosed) {
        return false;
      }
      return consumed < requests.size();
    }

    @Override
    public ImageBatch next() {
      if (streamClosed) {
        throw new IllegalStateException("Trying to read a closed BatchStream.");
      }
      checkOpen();
      if (consumed >= requests.size()) {
        throw new NoSuchElementException("no more batches");
      }
      int floats = pre.floatsPerImage();
      FloatBuffer buf = takeBatchBuffer(batchSize * floats);
      int[] positions = new int[batchSize];
      List<SkippedImage> skipped = new ArrayList<>();
      int rows = 0;
      while (rows < batchSize && consumed < requests.size()) {
        int i = consumed;
        Outcome o = await(ring[i % window], requests.get(i));
        if (o.reason() != null) {
          skipped.add(new SkippedImage(requests.get(i).path(), o.reason()));
        } else {
          FloatBuffer src = slots[i % window].buffer.duplicate();
          src.clear().limit(floats);
          FloatBuffer dst = buf.duplicate();
          dst.clear().position(rows * floats);
          dst.put(src);
          positions[rows++] = i;
        }
        ring[i % window] = null;
        consumed++;
        topUp();
      }
      buf.clear().limit(rows * floats);
      int[] pos = java.util.Arrays.copyOf(positions, rows);
      return new Batch(buf, rows, pos, List.copyOf(skipped));
    }

    private Outcome await(Future<Outcome> f, ImageRequest req) {
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SamplesizeException("interrupted while decoding " + req.path(), e);
      } catch (CancellationException e) {
        throw new IllegalStateException("the pipeline was closed while decoding", e);
      } catch (ExecutionException e) {
        throw new SamplesizeException(
            "failed to preprocess " + req.path() + ": " + e.getCause(), e.getCause());
      }
    }

    @Override
    public void close() {
      if (streamClosed) {
        return;
      }
      streamClosed = true;
      cancelled = true;
      // Tasks not started yet return at once; wait for the running ones so that no worker writes
      // into a slot after its headers are freed.
      boolean interrupted = false;
      for (Future<Outcome> f : ring) {
        if (f == null) {
          continue;
        }
        while (true) {
          try {
            f.get();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException | CancellationException e) {
            break; // the stream is being abandoned; its errors no longer matter
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      for (ImageTransformer.Slot s : slots) {
        s.close();
      }
    }
  }

  private final class Batch implements ImageBatch {
    private final FloatBuffer data;
    private final int size;
    private final int[] positions;
    private final List<SkippedImage> skipped;
    private boolean released;

    Batch(FloatBuffer data, int size, int[] positions, List<SkippedImage> skipped) {
      this.data = data;
      this.size = size;
      this.positions = positions;
      this.skipped = skipped;
    }

    @Override
    public FloatBuffer data() {
      if (released) {
        throw new IllegalStateException("Trying to read a released ImageBatch.");
      }
      return data;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int[] requestPositions() {
      return positions.clone();
    }

    @Override
    public List<SkippedImage> skipped() {
      return skipped;
    }

    @Override
    public void release() {
      if (!released) {
        released = true;
        returnBatchBuffer(data);
      }
    }
  }
}
