package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line a --spark run starts with. */
class SparkExecutorProviderTest {
  /**
   * Spark's default parallelism is tasks at once, not cores: a standalone master without workers
   * gives 2, and local[1] read "1 cores".
   */
  @Test
  void theStartLineCountsTasksAtOnce() {
    assertEquals(
        "spark: local[1] (1 task at once, Spark 3.5.3)",
        SparkExecutorProvider.startLine("local[1]", 1, "3.5.3"));
    assertEquals(
        "spark: spark://127.0.0.1:7077 (2 tasks at once, Spark 3.5.3)",
        SparkExecutorProvider.startLine("spark://127.0.0.1:7077", 2, "3.5.3"));
  }

  /**
   * OpenCV printed a nameless "[ERROR:0@1.403] global loadsave.cpp ... imdecode_" line for a cut
   * image before samplesize's line naming it; executors get the launcher's quieter log level unless
   * the user's own settings say otherwise.
   */
  @Test
  void executorsKeepOpenCvsLogToWhatStopsItUnlessTheUserSaysOtherwise() {
    assertEquals(
        "FATAL",
        SparkExecutorProvider.settings("spark://127.0.0.1:7077")
            .get("spark.executorEnv.OPENCV_LOG_LEVEL"));
    System.setProperty("spark.executorEnv.OPENCV_LOG_LEVEL", "INFO");
    try {
      assertEquals(
          "INFO",
          SparkExecutorProvider.settings("local[1]").get("spark.executorEnv.OPENCV_LOG_LEVEL"));
    } finally {
      System.clearProperty("spark.executorEnv.OPENCV_LOG_LEVEL");
    }
  }
}
