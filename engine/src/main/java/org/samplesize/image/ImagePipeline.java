package org.samplesize.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.samplesize.InvalidInputException;
import org.samplesize.SamplesizeException;

/**
 * Decodes, resizes, augments and normalises images in parallel and hands them out as batches of
 * floats, in request order, ready for ONNX Runtime.
 *
 * <p>Workers write each image straight into its row of the batch buffer that ONNX Runtime will read
 * (no copy). Batch {@code g} covers requests {@code g × batchSize} to {@code (g + 1) × batchSize −
 * 1}. Bad images are skipped with a reason ({@link ImageBatch#skipped()}) and the rows after them
 * move up, so a batch with skipped images holds fewer than {@code batchSize}.
 *
 * <p>Memory is bounded: at most a window of {@code 4 × threads} (at least 8) images is in flight
 * ahead of the consumer, each worker reuses its OpenCV matrices, and batch buffers come from a pool
 * ({@link ImageBatch#release()}).
 *
 * <p>Augmentation parameters for a request are drawn from a stream derived from (seed, {@link
 * ImageRequest#index()}, {@link ImageRequest#view()}) only, so the output is identical whatever the
 * thread count. The pipeline owns a thread pool and native memory: close it; closing twice is
 * harmless, and using it after close throws {@link IllegalStateException}.
 */
public final class ImagePipeline implements AutoCloseable {
  /**
   * Bumped whenever a change makes the same image and settings give other input numbers, so that a
   * journaled experiment is not resumed with features of two kinds. 2: the centre crop resamples
   * 8-bit pixels.
   */
  public static final int NUMBERS_VERSION = 2;

  /**
   * Batch buffers kept for reuse: enough for a consumer that holds one, a prefetcher that holds
   * three, and the two batches being decoded, so that a steady stream allocates none.
   */
  static final int POOLED_BATCHES = 8;

  private final Preprocessing pre;
  private final Augmentation aug;
  private final int threads;
  private final long seed;
  private final long maxPixels;
  private final ExecutorService pool;
  private final BlockingQueue<Worker> workers;
  private final List<Worker> allWorkers = new ArrayList<>();
  private final ArrayDeque<BatchBuffer> batchBuffers = new ArrayDeque<>();
  private int batchBufferFloats = -1;
  private final java.util.Set<Stream> openStreams =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private volatile boolean closed;
  // Set once close() has freed the idle workers; a worker handed back later is freed by its thread.
  private boolean workersReleased;

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
   * Starts decoding. Close the stream when done; closing the pipeline closes the streams still open
   * (closing such a stream again afterwards is harmless).
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
    // A batch larger than the requests holds them all in one batch either way; its buffer need
    // not be larger than they are.
    int given = batchSize;
    batchSize = Math.min(batchSize, Math.max(1, requests.size()));
    checkBatch(pre, given, batchSize);
    Stream s = new Stream(List.copyOf(requests), batchSize);
    synchronized (openStreams) {
      openStreams.add(s);
    }
    return s;
  }

  /**
   * Checks that one batch of {@code batchSize} images fits one direct buffer (at most {@link
   * Integer#MAX_VALUE} bytes): a larger batch overflowed the buffer's size into an internal error.
   *
   * @param pre the preprocessing, whose input size sets the bytes per image
   * @param batchSize images per batch
   * @throws InvalidInputException naming the largest batch that fits
   */
  public static void checkBatch(Preprocessing pre, int batchSize) {
    checkBatch(pre, batchSize, batchSize);
  }

  /** As {@link #checkBatch(Preprocessing, int)} for batches of {@code rows} images. */
  private static void checkBatch(Preprocessing pre, int batchSize, int rows) {
    long bytesPerImage = (long) pre.floatsPerImage() * Float.BYTES;
    if ((long) rows * bytesPerImage > Integer.MAX_VALUE) {
      long most = Integer.MAX_VALUE / bytesPerImage;
      throw new InvalidInputException(
          String.format(
              Locale.ROOT,
              "--batch %d: a batch of %d images of %dx%d needs %.1f GiB in one buffer, more than"
                  + " the 2 GiB one buffer can hold: give --batch %d or less",
              batchSize,
              rows,
              pre.width(),
              pre.height(),
              rows * bytesPerImage / (1024.0 * 1024 * 1024),
              most));
    }
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

  private synchronized BatchBuffer takeBatchBuffer(int rows) {
    int floats = rows * pre.floatsPerImage();
    if (floats != batchBufferFloats) {
      batchBuffers.forEach(BatchBuffer::close);
      batchBuffers.clear();
      batchBufferFloats = floats;
    }
    BatchBuffer b = batchBuffers.poll();
    return b != null ? b : new BatchBuffer(rows, pre);
  }

  private synchronized void returnBatchBuffer(BatchBuffer b) {
    if (b.data.capacity() == batchBufferFloats && batchBuffers.size() < POOLED_BATCHES && !closed) {
      batchBuffers.push(b);
    } else {
      b.close();
    }
  }

  /**
   * A direct buffer for one batch, with OpenCV headers over each row made when a worker first
   * writes that row, so that workers write straight into the buffer ONNX Runtime reads.
   */
  private static final class BatchBuffer implements AutoCloseable {
    final FloatBuffer data;
    private final Preprocessing pre;
    private final ImageTransformer.Slot[] rows;

    BatchBuffer(int rows, Preprocessing pre) {
      this.pre = pre;
      this.data =
          ByteBuffer.allocateDirect(rows * pre.floatsPerImage() * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      this.rows = new ImageTransformer.Slot[rows];
    }

    /** The row's headers; each row is written by one worker at a time. */
    synchronized ImageTransformer.Slot row(int r) {
      if (rows[r] == null) {
        int floats = pre.floatsPerImage();
        FloatBuffer part = data.duplicate().position(r * floats).limit((r + 1) * floats).slice();
        rows[r] = new ImageTransformer.Slot(part, pre);
      }
      return rows[r];
    }

    /** Moves row {@code from} to row {@code to} (distinct rows). */
    void move(int from, int to) {
      int floats = pre.floatsPerImage();
      FloatBuffer src = data.duplicate().position(from * floats).limit((from + 1) * floats);
      data.duplicate().position(to * floats).put(src);
    }

    @Override
    public synchronized void close() {
      for (int r = 0; r < rows.length; r++) {
        if (rows[r] != null) {
          rows[r].close();
          rows[r] = null;
        }
      }
    }
  }

  /**
   * Closes the streams still open (their queued work is abandoned), stops the threads and frees
   * every worker's native memory; idempotent. Must not run concurrently with a thread reading one
   * of this pipeline's streams.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Stream> streams;
    synchronized (openStreams) {
      streams = new ArrayList<>(openStreams);
    }
    // While the pool still runs, the streams' queued tasks see `cancelled` and return at once, so
    // closing the streams first cannot wait on a task that shutdownNow() would drop un-run.
    for (Stream s : streams) {
      s.close();
    }
    boolean stopped = false;
    try {
      // Anything still queued is cancelled so that a Future.get() on it cannot wait forever.
      for (Runnable r : pool.shutdownNow()) {
        if (r instanceof Future<?> f) {
          f.cancel(false);
        }
      }
      stopped = pool.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      releaseWorkers();
      synchronized (this) {
        batchBuffers.forEach(BatchBuffer::close);
        batchBuffers.clear();
      }
    }
    if (!stopped && !Thread.currentThread().isInterrupted()) {
      throw new SamplesizeException("decode threads did not stop within 60 s");
    }
  }

  /**
   * Frees the idle workers now; a worker still borrowed by a running task (only if the threads did
   * not stop in time) is freed by that task when it hands the worker back.
   */
  private void releaseWorkers() {
    synchronized (allWorkers) {
      workersReleased = true;
      Worker w;
      while ((w = workers.poll()) != null) {
        w.close();
        allWorkers.remove(w);
      }
    }
  }

  private void giveBack(Worker w) {
    synchronized (allWorkers) {
      if (workersReleased) {
        w.close();
        allWorkers.remove(w);
      } else {
        // Never blocks: the queue holds `threads` and at most `threads` workers exist.
        workers.add(w);
      }
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

    @SuppressWarnings("unchecked")
    private final Future<Outcome>[] ring;

    // The batches being decoded into: group g holds requests g*batchSize .. (g+1)*batchSize-1.
    private final List<BatchBuffer> groups = new ArrayList<>();
    private int firstGroup;

    private int dispatched;
    private int consumed;
    private boolean streamClosed;
    private volatile boolean cancelled;

    @SuppressWarnings("unchecked")
    Stream(List<ImageRequest> requests, int batchSize) {
      this.requests = requests;
      this.batchSize = batchSize;
      this.window = Math.max(1, Math.min(requests.size(), Math.max(8, 4 * threads)));
      this.ring = new Future[window];
      topUp();
    }

    private BatchBuffer group(int g) {
      while (firstGroup + groups.size() <= g) {
        groups.add(takeBatchBuffer(batchSize));
      }
      return groups.get(g - firstGroup);
    }

    private void topUp() {
      while (dispatched < requests.size() && dispatched - consumed < window) {
        final int i = dispatched++;
        final ImageRequest req = requests.get(i);
        final ImageTransformer.Slot slot = group(i / batchSize).row(i % batchSize);
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
          rgb =
              req.memory() != null
                  ? w.decoder().fromRaster(req.path(), req.memory().raster(req.path()))
                  : w.decoder().decodeRgb(req.path(), pre);
        } catch (BadImageException e) {
          return new Outcome(e.reason());
        }
        String shape = ImageTransformer.resizeRefusal(rgb.cols(), rgb.rows(), pre, maxPixels);
        if (shape != null) {
          return new Outcome(shape);
        }
        Augmentation.Params p =
            req.augment() && aug.isActive()
                ? aug.draw(seed, req.index(), req.view())
                : Augmentation.Params.IDENTITY;
        w.transformer().apply(rgb, p, slot);
        return new Outcome(null);
      } finally {
        giveBack(w);
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
      int g = consumed / batchSize;
      int end = Math.min(requests.size(), (g + 1) * batchSize);
      BatchBuffer buf = group(g);
      int[] positions = new int[end - consumed];
      List<SkippedImage> skipped = new ArrayList<>();
      int rows = 0;
      // On an exception the group stays in `groups`: close() waits for its workers, then pools it.
      while (consumed < end) {
        int i = consumed;
        Outcome o = await(ring[i % window], requests.get(i));
        if (o.reason() != null) {
          skipped.add(new SkippedImage(requests.get(i).path(), o.reason()));
        } else {
          if (rows != i - g * batchSize) {
            buf.move(i - g * batchSize, rows); // close the gap a skipped image left
          }
          positions[rows++] = i;
        }
        ring[i % window] = null;
        consumed++;
        if (consumed < end) {
          topUp();
        }
      }
      groups.remove(0);
      firstGroup++;
      topUp();
      FloatBuffer data = buf.data.duplicate();
      data.clear().limit(rows * pre.floatsPerImage());
      return new Batch(buf, data, rows, java.util.Arrays.copyOf(positions, rows), skipped);
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
      synchronized (openStreams) {
        openStreams.remove(this);
      }
      // Tasks not started yet return at once; wait for the running ones so that no worker writes
      // into a batch buffer after it went back to the pool.
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
      for (BatchBuffer b : groups) {
        returnBatchBuffer(b);
      }
      groups.clear();
    }
  }

  private final class Batch implements ImageBatch {
    private final BatchBuffer buffer;
    private final FloatBuffer data;
    private final int size;
    private final int[] positions;
    private final List<SkippedImage> skipped;
    private boolean released;

    Batch(
        BatchBuffer buffer,
        FloatBuffer data,
        int size,
        int[] positions,
        List<SkippedImage> skipped) {
      this.buffer = buffer;
      this.data = data;
      this.size = size;
      this.positions = positions;
      this.skipped = List.copyOf(skipped);
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
        returnBatchBuffer(buffer);
      }
    }
  }
}
