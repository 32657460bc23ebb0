/**
 * Feature extraction and training on an Apache Spark cluster ({@code run --spark MASTER}), behind
 * the engine's executor seam ({@link org.samplesize.experiment.FeatureExecutor}, {@link
 * org.samplesize.experiment.TrainingExecutor}); orchestration, journal, resume and fit stay on the
 * driver and do not change.
 *
 * <ul>
 *   <li>{@link org.samplesize.spark.SparkFeatureExecutor}: the image list in partitions of whole
 *       batches; each executor decodes with the engine's image pipeline and runs one ONNX Runtime
 *       session per JVM ({@link org.samplesize.spark.ExecutorState}), reused by its tasks; the
 *       driver writes the rows into the same feature cache a single-machine run writes.
 *   <li>{@link org.samplesize.spark.SparkTrainingExecutor}: one task per planned model, running the
 *       engine's CPU training on the features read from the shared cache; the driver journals each
 *       record as its task finishes.
 * </ul>
 *
 * <p>Executors plan again from the driver's settings (same seed, same plan) and check that they see
 * the driver's data and model; images and model are on storage every executor reads at the same
 * path, or on a Hadoop FileSystem from which each machine copies them ({@link
 * org.samplesize.spark.HadoopStorage}), and the cache at the same local path.
 */
package org.samplesize.spark;
