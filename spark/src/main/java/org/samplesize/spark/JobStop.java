package org.samplesize.spark;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

/**
 * Ends a context's jobs before the context stops: on Ctrl-C or {@code kill} of the driver, and when
 * the run closes its executors. Spark's own shutdown hook stops the context under the running job,
 * and the tasks still running or about to start then failed with ERROR lines and stack traces after
 * the run's stop line ({@code Executor launch task ... rejected}, {@code Exception in task ...
 * FeatureStore ... is closed}), which read as lost data although the journal and the cache keep
 * what finished. Here the jobs are cancelled first (no task starts any more; Spark reports those
 * that end as killed, at INFO), the tasks of this JVM end at their next batch or model ({@link
 * ExecutorState#stop}), and the running tasks get a short, bounded wait to end before the context
 * stops. The hook runs among Spark's shutdown hooks before those that stop a local executor's task
 * threads and the context.
 */
final class JobStop implements AutoCloseable {
  /** The longest a stop waits for running tasks to end (a stopped run must exit promptly). */
  static final long TASK_WAIT_MILLIS = 3_000;

  /**
   * Where the stop runs among Spark's shutdown hooks (the higher, the sooner): before the local
   * executor's own hook (default priority), which stops its task threads (tasks Spark still
   * launched were then rejected with ERROR lines), and before the context's.
   */
  static final int PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 1;

  private final SparkContext sc;
  private final AtomicInteger running = new AtomicInteger();
  private final Object hook;
  private long deadline;
  private boolean stopping;

  private JobStop(SparkContext sc) {
    this.sc = sc;
    sc.addSparkListener(
        new SparkListener() {
          @Override
          public void onTaskStart(SparkListenerTaskStart taskStart) {
            running.incrementAndGet();
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            running.decrementAndGet();
          }
        });
    hook =
        ShutdownHookManager.addShutdownHook(
            PRIORITY,
            new AbstractFunction0<BoxedUnit>() {
              @Override
              public BoxedUnit apply() {
                stopJobs(TASK_WAIT_MILLIS);
                return BoxedUnit.UNIT;
              }
            });
  }

  /**
   * @param sc a started context
   * @return its stop, registered to run before Spark's shutdown hook stops it
   */
  static JobStop register(SparkContext sc) {
    return new JobStop(sc);
  }

  /**
   * Cancels every job of the context and waits until its running tasks have ended, at most {@code
   * millis} from the first call (a second call, from the run closing while the shutdown hook waits,
   * waits for the same deadline, so the context is not stopped under the tasks any sooner).
   *
   * @param millis the longest to wait
   * @return whether every task ended in time
   */
  synchronized boolean stopJobs(long millis) {
    if (!stopping) {
      stopping = true;
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      if (!sc.isStopped()) {
        try {
          sc.cancelAllJobs();
          // Spark's scheduler thread carries the cancellation out: only then may a task of this
          // JVM end itself as killed, or Spark would start it again.
          while (sc.statusTracker().getActiveJobIds().length > 0 && !sc.isStopped()) {
            if (!pause(deadline)) {
              break;
            }
          }
        } catch (RuntimeException stoppedMeanwhile) {
          // Nothing left to cancel.
        }
      }
      ExecutorState.stop();
    }
    while (running.get() > 0 || ExecutorState.running() > 0) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0 || sc.isStopped()) {
        return false;
      }
      ExecutorState.awaitTasks(Math.min(left, 20));
      // A task of another JVM, or one of this JVM whose end Spark has not yet reported.
      if (ExecutorState.running() == 0 && running.get() > 0 && !pause(deadline)) {
        return false;
      }
    }
    return true;
  }

  /** Sleeps a little, not past {@code deadline}; false when the deadline has passed. */
  private static boolean pause(long deadline) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      return false;
    }
    try {
      Thread.sleep(Math.min(left, 10));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Removes the shutdown hook (the context is stopped by then, or about to be). */
  @Override
  public void close() {
    try {
      ShutdownHookManager.removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook has run or is running.
    }
  }
}
