package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.samplesize.UnavailableException;

/** A context Spark stopped under the run is one line, not an internal error. */
class JobsTest {
  @Test
  void aJobOnAStoppedContextIsOneLineSayingSparkStopped() {
    JavaSparkContext jsc = SparkExecutorProvider.context("local[1]");
    org.apache.spark.rdd.RDD<Integer> rdd = jsc.parallelize(List.of(1, 2), 2).rdd();
    jsc.stop();
    UnavailableException e =
        assertThrows(
            UnavailableException.class,
            () -> Jobs.run(jsc.sc(), rdd, new Count(), (p, r) -> {}, "training 2 models"));
    assertEquals(
        "--spark local[1]: Spark stopped before the training 2 models could run (the master did"
            + " not take the application, or it was killed): check that the master runs and"
            + " that this machine reaches it, then run again to go on",
        e.getMessage());
  }

  @Test
  void aContextStoppedWhileItsJobRunsIsOneLineNotAnInternalError() throws Exception {
    // A Ctrl-C or kill stops the context through Spark's shutdown hook while a job runs; that was
    // "internal error: ... training 2 models failed on the cluster: Job 0 cancelled because
    // SparkContext was shut down".
    JavaSparkContext jsc = SparkExecutorProvider.context("local[1]");
    org.apache.spark.rdd.RDD<Integer> rdd = jsc.parallelize(List.of(1, 2), 2).rdd();
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              jsc.stop();
            });
    stopper.start();
    UnavailableException e;
    try {
      e =
          assertThrows(
              UnavailableException.class,
              () -> Jobs.run(jsc.sc(), rdd, new Slow(), (p, r) -> {}, "training 2 models"));
    } finally {
      stopper.join(); // the context is gone before the next test starts one
    }
    assertEquals(
        "--spark local[1]: Spark stopped while training 2 models ran (the run was interrupted, or"
            + " the master gave the application up): what finished is kept; run the same command"
            + " again to go on",
        e.getMessage());
  }

  /** A task that takes a minute unless interrupted. */
  static final class Slow
      extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>, Integer>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer apply(scala.collection.Iterator<Integer> it) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return it.size();
    }
  }

  /** A task that counts its partition's items. */
  static final class Count
      extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>, Integer>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer apply(scala.collection.Iterator<Integer> it) {
      return it.size();
    }
  }
}
