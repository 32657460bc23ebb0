package org.samplesize.features;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the JVM from exiting while a thread is inside ONNX Runtime. A run stopped by Ctrl-C or
 * {@code kill} during the feature pass crashed the JVM (SIGSEGV in {@code libonnxruntime.so}, an
 * {@code hs_err_pid*.log} left in the working folder, sometimes exit 134): the JVM exits while a
 * decode-and-extract thread is still in {@code OrtSession.run}, and the native library is torn down
 * under it. A shutdown hook now lets the batches in flight finish (each takes well under a second)
 * and holds back any batch that would start after it, then lets the JVM exit. Nothing is lost by
 * holding them: the feature cache commits rows in order, and a resumed run computes the rest.
 */
final class NativeRuns {
  /** The longest the JVM's exit waits for batches in flight. */
  static final long EXIT_WAIT_MILLIS = 10_000;

  private static final NativeRuns PROCESS = new NativeRuns();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private boolean closing;
  private boolean hooked;

  /** A gate of its own, with no shutdown hook (tests). */
  NativeRuns() {}

  /**
   * @return the process's gate, whose shutdown hook is registered with its first batch
   */
  static NativeRuns process() {
    return PROCESS;
  }

  /**
   * Called before a thread enters ONNX Runtime. Once the JVM is exiting the thread is held here
   * until the JVM is gone, so it never enters.
   */
  void enter() {
    lock.lock();
    try {
      if (this == PROCESS && !hooked) {
        hooked = true;
        try {
          Runtime.getRuntime().addShutdownHook(new Thread(this::awaitIdle, "samplesize-onnx-exit"));
        } catch (IllegalStateException exiting) {
          closing = true;
        }
      }
      while (closing) {
        // The JVM is exiting: hold this thread back from the native library for good.
        idle.awaitUninterruptibly();
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  /** Called after a thread left ONNX Runtime (also when the call failed). */
  void exit() {
    lock.lock();
    try {
      inFlight--;
      if (inFlight == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The shutdown hook: no new batch starts; those in flight finish (at most the wait). */
  void awaitIdle() {
    awaitIdle(EXIT_WAIT_MILLIS);
  }

  /**
   * @param millis the longest to wait
   * @return whether no batch is in flight any more
   */
  boolean awaitIdle(long millis) {
    lock.lock();
    try {
      closing = true;
      long left = TimeUnit.MILLISECONDS.toNanos(millis);
      while (inFlight > 0 && left > 0) {
        left = idle.awaitNanos(left);
      }
      return inFlight == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return inFlight == 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * @return the threads inside ONNX Runtime now (for tests)
   */
  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }
}
