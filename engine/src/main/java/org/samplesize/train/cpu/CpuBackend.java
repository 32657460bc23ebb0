package org.samplesize.train.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.samplesize.SamplesizeException;
import org.samplesize.train.Backend;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadStack;

/**
 * The CPU backend: a fixed pool of worker threads, each training whole models (a model's steps run
 * on one thread in a fixed order), so results are bit-identical for the same seeds whatever the
 * thread count or scheduling. Scoring many models on one row set is one pass over the rows serving
 * every model. Owns its thread pool; {@link #close()} stops it.
 */
public final class CpuBackend implements Backend {
  private final int threads;
  private final boolean blas;
  private final ExecutorService pool;
  private volatile boolean closed;

  /**
   * The scaled feature pairs a closed stack left ({@link PairDropout}), for the next stack to fill
   * instead of allocating its own: a plan's are as large as its features, live as long as it, and a
   * young collection during the plan would copy them; the kept ones are old. Null when none.
   */
  private final AtomicReference<long[][]> spareRows = new AtomicReference<>();

  /**
   * @param threads worker threads, &ge; 1
   */
  public CpuBackend(int threads) {
    this(threads, true);
  }

  /**
   * @param threads worker threads, &ge; 1
   * @param useBlas whether to use OpenBLAS for the matrix products when it loads (false: pure Java
   *     loops, a few times slower)
   */
  public CpuBackend(int threads, boolean useBlas) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", expected >= 1");
    }
    this.threads = threads;
    this.blas = useBlas && Blas.unavailableReason() == null;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "samplesize-head-cpu-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String name() {
    return "cpu (" + threads(threads) + ", " + (blas ? "OpenBLAS)" : "Java)");
  }

  /**
   * How a CPU backend's name counts its threads, the head's and the fine-tuning tail's alike.
   *
   * @param n threads
   * @return {@code 1 thread}, {@code 2 threads}
   */
  public static String threads(int n) {
    return n + (n == 1 ? " thread" : " threads");
  }

  /**
   * @return whether matrix products go through OpenBLAS
   */
  public boolean usesBlas() {
    return blas;
  }

  /**
   * @return worker threads
   */
  public int threads() {
    return threads;
  }

  @Override
  public HeadStack openStack(
      FeatureMatrix features, int[] labels, int numClasses, int models, HeadOptions options) {
    ensureOpen();
    return new CpuHeadStack(this, features, labels, numClasses, models, options);
  }

  /**
   * @return the rows a closed stack left, or null; the caller owns them
   */
  long[][] takeSpareRows() {
    return spareRows.getAndSet(null);
  }

  /**
   * @param rows rows a closing stack no longer uses, kept for the next one while the backend is
   *     open
   */
  void giveSpareRows(long[][] rows) {
    if (!closed) {
      spareRows.set(rows);
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("CpuBackend is closed");
    }
  }

  /** Runs tasks on the pool (at most {@code limit} at a time) and waits for all of them. */
  void runAll(List<? extends Callable<Void>> tasks) {
    ensureOpen();
    List<Future<Void>> futures = new ArrayList<>(tasks.size());
    for (Callable<Void> task : tasks) {
      futures.add(pool.submit(task));
    }
    Throwable failure = null;
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new SamplesizeException("interrupted while training heads", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new SamplesizeException("head training failed: " + failure, failure);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      spareRows.set(null);
      pool.shutdownNow();
    }
  }
}
