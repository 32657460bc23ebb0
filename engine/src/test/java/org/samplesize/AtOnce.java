package org.samplesize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several callers of one thing at once, as commands sharing a cache are: each in a thread of its
 * own, released together by a barrier, so that they meet where a lock is missing.
 */
public final class AtOnce {
  private AtOnce() {}

  /** One caller's work; {@code caller} is its number, from 0 (e.g. to stagger the callers). */
  @FunctionalInterface
  public interface Caller<T> {
    T call(int caller) throws Exception;
  }

  /**
   * @param callers how many callers
   * @param call what each does once released
   * @return each caller's result, in caller order
   * @throws Exception what a caller threw (wrapped), or a minute passing without its result
   */
  public static <T> List<T> call(int callers, Caller<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CyclicBarrier start = new CyclicBarrier(callers);
      List<Future<T>> calls = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int caller = c;
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call(caller);
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : calls) {
        results.add(f.get(1, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
