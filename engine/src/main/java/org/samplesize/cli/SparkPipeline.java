package org.samplesize.cli;

import java.util.List;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.experiment.ExecutorProvider;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Planner;

/**
 * Where {@code run}'s pipeline works: here, or with {@code --spark} on the executors of the Spark
 * provider, a separate module found on the class path. Kept apart from {@link RunCommand} so that
 * finding and opening a provider changes without touching the flags or the console output.
 */
final class SparkPipeline {
  private SparkPipeline() {}

  /**
   * The provider of {@code --spark} (a separate module, found on the class path), or {@code null}
   * without it.
   */
  static ExecutorProvider provider(String sparkMaster) {
    if (sparkMaster == null) {
      return null;
    }
    if (sparkMaster.isBlank()) {
      throw new InvalidInputException(
          "--spark: give a master URL, e.g. --spark local[2] or --spark spark://HOST:7077");
    }
    List<ExecutorProvider> found =
        ExecutorProvider.find("spark", SparkPipeline.class.getClassLoader());
    if (found.isEmpty()) {
      throw new InvalidInputException(
          "--spark: Spark support is not on the class path; run through ./samplesize (it adds"
              + " spark/target when --spark is given) or submit spark/target/samplesize-spark.jar"
              + " with spark-submit (see docs/scale-out.md)");
    }
    return found.get(0);
  }

  /** The pipeline: here, or with {@code --spark} on the executors of its provider. */
  static PipelineStages stages(
      ExecutorProvider provider, String sparkMaster, ProgressListener progress) {
    if (provider == null) {
      return new PipelineStages();
    }
    ExecutorProvider.Executors e = provider.open(sparkMaster.strip(), progress);
    return new PipelineStages(new Planner(), e.features(), e.training());
  }
}
