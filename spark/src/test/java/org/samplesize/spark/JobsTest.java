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
