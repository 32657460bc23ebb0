package org.samplesize.train.cpu.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.samplesize.SamplesizeException;

/**
 * A fixed set of worker threads that split an index range: the caller runs the first chunk itself,
 * {@code threads − 1} daemon threads run the rest. Closed by its owner.
 */
final class WorkerPool implements AutoCloseable {

  /** Work on the index range {@code [from, to)} by worker {@code worker} (0-based). */
  @FunctionalInterface
  interface RangeTask {
    void run(int worker, int from, int to);
  }

  private final int threads;
  private final ExecutorService executor;

  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", expected >= 1");
    }
    this.threads = threads;
    if (threads > 1) {
      AtomicInteger id = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> {
                Thread t = new Thread(r, "samplesize-tail-cpu-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    } else {
      executor = null;
    }
  }

  int threads() {
    return threads;
  }

  /**
   * Runs {@code task} over {@code [0, count)} split into {@code threads} near-equal chunks and
   * waits for all of them.
   */
  void parallelFor(int count, RangeTask task) {
    int chunks = Math.min(threads, count);
    if (chunks <= 1) {
      if (count > 0) {
        task.run(0, 0, count);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      final int worker = c;
      final int from = (int) ((long) count * c / chunks);
      final int to = (int) ((long) count * (c + 1) / chunks);
      futures.add(executor.submit(() -> task.run(worker, from, to)));
    }
    Throwable failure = null;
    try {
      task.run(0, 0, (int) ((long) count / chunks));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? e : failure;
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new SamplesizeException("CPU tail worker failed: " + failure, failure);
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
