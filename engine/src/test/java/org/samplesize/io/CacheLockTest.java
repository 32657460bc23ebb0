package org.samplesize.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock held elsewhere is waited for; one held by another process is said once before the wait.
 */
class CacheLockTest {
  @TempDir Path tmp;

  @Test
  void aFreeLockIsTakenWithoutAWord() {
    AtomicInteger said = new AtomicInteger();
    try (CacheLock l = CacheLock.hold(tmp.resolve("engines"), said::incrementAndGet)) {
      assertEquals(0, said.get());
    }
  }

  @Test
  void anotherProcessHoldingItIsSaidOnceThenWaitedFor() throws Exception {
    Path dir = tmp.resolve("engines");
    AtomicInteger said = new AtomicInteger();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (LockHolder other = LockHolder.start("exclusive", CacheLock.lockFileOf(dir))) {
      Future<?> waiting =
          pool.submit(
              () -> {
                try (CacheLock l = CacheLock.hold(dir, said::incrementAndGet)) {
                  return null;
                }
              });
      Thread.sleep(500);
      assertFalse(waiting.isDone(), "it waits while the other process holds the lock");
      assertEquals(1, said.get());
      other.close();
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals(1, said.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Threads of one command wait for each other without a word. */
  @Test
  void anotherThreadHoldingItIsWaitedForWithoutAWord() throws Exception {
    Path dir = tmp.resolve("engines");
    AtomicInteger said = new AtomicInteger();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> holder =
          pool.submit(
              () -> {
                try (CacheLock l = CacheLock.hold(dir)) {
                  held.countDown();
                  assertTrue(release.await(30, TimeUnit.SECONDS));
                }
                return null;
              });
      assertTrue(held.await(30, TimeUnit.SECONDS));
      Future<?> waiting =
          pool.submit(
              () -> {
                try (CacheLock l = CacheLock.hold(dir, said::incrementAndGet)) {
                  return null;
                }
              });
      Thread.sleep(300);
      assertFalse(waiting.isDone());
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals(0, said.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
