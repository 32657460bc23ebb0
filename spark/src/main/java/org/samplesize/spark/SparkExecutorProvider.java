package org.samplesize.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.UnavailableException;
import org.samplesize.experiment.ExecutorProvider;
import org.samplesize.experiment.RunSettings;

/**
 * The {@code spark} executors of {@code run --spark MASTER}: one Spark context per run, shared by
 * the feature and the training executor and stopped when the training executor closes.
 *
 * <p>Settings a user or {@code spark-submit} gave ({@code spark.*} system properties) win over the
 * ones set here: no web UI, unlimited result size (the driver streams results into the cache and
 * the journal as they come), executors started with the Vector API module the CPU training uses,
 * and for a cluster the shaded {@code samplesize-spark.jar} shipped to the executors.
 */
public final class SparkExecutorProvider implements ExecutorProvider {

  private static final Pattern MASTER =
      Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|(spark|yarn|k8s|mesos)(://.+)?|yarn");

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Executors open(String master, ProgressListener progress) {
    JavaSparkContext jsc = context(master);
    progress.note(
        "spark: "
            + master
            + " ("
            + jsc.sc().defaultParallelism()
            + " cores, Spark "
            + jsc.version()
            + ")");
    Map<String, String> uris = staged == null ? Map.of() : staged.uris();
    HadoopStorage.Output out = staged == null ? null : staged.out();
    if (out != null) {
      progress.note(
          "--out " + out.uri() + ": the run writes " + out.local() + " and copies it there");
    }
    return new Executors(
        new SparkFeatureExecutor(jsc, uris), new SparkTrainingExecutor(jsc, null, uris, out));
  }

  /** What {@link #localPaths} staged, for the executors {@link #open} makes. */
  private StoragePaths.Staged staged;

  /**
   * {@code file:} URIs become local paths; inputs on other Hadoop FileSystems are copied to local
   * disk, and {@code --out} there is fetched to a local folder ({@link StoragePaths#stage}).
   */
  @Override
  public RunSettings localPaths(RunSettings s) {
    staged = StoragePaths.stage(s);
    return staged.settings();
  }

  /**
   * @param master a master URL
   * @return a started context for it
   */
  static JavaSparkContext context(String master) {
    if (!MASTER.matcher(master).matches()) {
      throw new InvalidInputException(
          "--spark "
              + master
              + ": not a Spark master URL; give local[N] (N worker threads here; local[N,F] lets"
              + " a task fail F-1 times), spark://HOST:7077, yarn or k8s://HOST:PORT");
    }
    SparkConf conf = new SparkConf().setAppName("samplesize").setMaster(master);
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.driver.maxResultSize", "0");
    conf.setIfMissing(
        "spark.executor.extraJavaOptions",
        "--add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.logger=slf4j");
    if (master.startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    } else if (!conf.contains("spark.jars")) {
      Path jar = shadedJar();
      if (jar == null) {
        throw new InvalidInputException(
            "--spark "
                + master
                + ": the executors need spark/target/samplesize-spark.jar; build it with"
                + " ./mvnw -pl spark -am package, or submit it with spark-submit");
      }
      conf.set("spark.jars", jar.toString());
    }
    JavaSparkContext jsc;
    try {
      jsc = new JavaSparkContext(conf);
    } catch (RuntimeException e) {
      throw new UnavailableException(
          "--spark " + master + ": cannot start Spark (" + Jobs.firstLine(e) + ")", e);
    }
    jsc.setLogLevel("WARN");
    return jsc;
  }

  /** The shaded jar: this class's own, or beside {@code target/classes} when run from there. */
  private static Path shadedJar() {
    try {
      Path here =
          Path.of(
              SparkExecutorProvider.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      if (Files.isRegularFile(here)) {
        return here;
      }
      Path beside = here.resolveSibling("samplesize-spark.jar");
      return Files.isRegularFile(beside) ? beside : null;
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
