package org.samplesize.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import org.samplesize.SamplesizeException;
import scala.Function1;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a job over every partition of an RDD and hands each partition's result to the caller's
 * thread as soon as its task finishes (not when the whole job does, as {@code collect} would):
 * Spark's result handler runs on its scheduler thread and only queues the result. Spark accepts one
 * result per partition, whatever retried or speculative attempts ran.
 */
final class Jobs {
  private Jobs() {}

  /**
   * Runs the job and returns when every partition's result has been handed over.
   *
   * @param sc the context
   * @param rdd the partitions
   * @param perPartition what a task computes (serializable)
   * @param onResult receives (partition, result) on the calling thread, in completion order
   * @param what what the job does, for messages
   * @throws SamplesizeException when the job fails (a task failed more often than allowed), with
   *     the task's error
   */
  static <T, U> void run(
      SparkContext sc,
      RDD<T> rdd,
      Function1<Iterator<T>, U> perPartition,
      BiConsumer<Integer, U> onResult,
      String what) {
    int n = rdd.getNumPartitions();
    if (n == 0) {
      return;
    }
    BlockingQueue<Object[]> results = new LinkedBlockingQueue<>();
    List<Object> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(i);
    }
    SimpleFutureAction<BoxedUnit> job;
    try {
      job = submit(sc, rdd, perPartition, parts, results);
    } catch (IllegalStateException e) {
      throw ifStopped(sc, e, what);
    }
    int received = 0;
    try {
      while (received < n) {
        Object[] r = results.poll(100, TimeUnit.MILLISECONDS);
        if (r == null && job.isCompleted()) {
          // Every result is queued before the job completes: take what is left, then the outcome.
          r = results.poll();
          if (r == null) {
            awaitFailure(sc, job, what);
            throw new SamplesizeException(
                what + ": the job ended with " + received + " of " + n + " results");
          }
        }
        if (r != null) {
          @SuppressWarnings("unchecked")
          U u = (U) r[1];
          onResult.accept((Integer) r[0], u);
          received++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException(what + ": interrupted", e);
    } finally {
      if (!job.isCompleted()) {
        job.cancel();
      }
    }
  }

  private static <T, U> SimpleFutureAction<BoxedUnit> submit(
      SparkContext sc,
      RDD<T> rdd,
      Function1<Iterator<T>, U> perPartition,
      List<Object> parts,
      BlockingQueue<Object[]> results) {
    return sc.submitJob(
        rdd,
        perPartition,
        scala.jdk.javaapi.CollectionConverters.asScala(parts).toSeq(),
        new AbstractFunction2<Object, U, BoxedUnit>() {
          @Override
          public BoxedUnit apply(Object partition, U result) {
            results.add(new Object[] {partition, result});
            return BoxedUnit.UNIT;
          }
        },
        new AbstractFunction0<BoxedUnit>() {
          @Override
          public BoxedUnit apply() {
            return BoxedUnit.UNIT;
          }
        });
  }

  private static void awaitFailure(
      SparkContext sc, SimpleFutureAction<BoxedUnit> job, String what) {
    try {
      job.get();
    } catch (Exception e) {
      if (sc.isStopped()) {
        // Not a task's failure: the context went while the job ran (Ctrl-C or kill, whose
        // shutdown stops it, or a standalone master that gave the application up).
        throw new org.samplesize.UnavailableException(
            "--spark "
                + sc.master()
                + ": Spark stopped while "
                + what
                + " ran (the run was interrupted, or the master gave the application up): what"
                + " finished is kept; run the same command again to go on",
            e);
      }
      throw new SamplesizeException(what + " failed on the cluster: " + firstLine(e), e);
    }
  }

  /**
   * What to throw for a failure of a call on the context: when Spark has stopped it (a standalone
   * master that never answered gives up after a minute and stops the context under the run), one
   * line saying so; else the failure itself.
   *
   * @param sc the context
   * @param e what the call threw
   * @param what what was about to run, for the message
   * @return the exception to throw
   */
  static RuntimeException ifStopped(SparkContext sc, RuntimeException e, String what) {
    if (!sc.isStopped()) {
      return e;
    }
    return new org.samplesize.UnavailableException(
        "--spark "
            + sc.master()
            + ": Spark stopped before "
            + (what.equals("any work") ? what : "the " + what)
            + " could run (the master did not take the application, or it was killed): check"
            + " that the master runs and that this machine reaches it, then run again to go on",
        e);
  }

  /** The innermost message: the task's own error, not Spark's wrapping of it. */
  static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    // A task's error reaches the driver as text: Spark's "Job aborted ... : <class>: <message>".
    String top = e.getMessage() == null ? "" : e.getMessage();
    int at = top.indexOf("): ");
    if (t == e && at >= 0) {
      m = top.substring(at + 3);
    }
    int nl = m.indexOf('\n');
    return nl >= 0 ? m.substring(0, nl) : m;
  }
}
