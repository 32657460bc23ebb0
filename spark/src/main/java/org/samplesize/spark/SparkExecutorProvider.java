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
    int cores;
    try {
      cores = jsc.sc().defaultParallelism();
    } catch (IllegalStateException e) {
      // A standalone master that never answers: Spark gives up after a minute and stops the
      // context.
      throw Jobs.ifStopped(jsc.sc(), e, "any work");
    }
    progress.note(startLine(master, cores, jsc.version()));
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
   * The settings {@code run} gives Spark for {@code master}, each only where the user's own ({@code
   * --conf}, {@code spark.*} system properties) does not set it: no web UI, results of any size,
   * the executors' JVM options (the Vector API module) and environment (OpenCV's log kept to what
   * stops it, as the launcher keeps it for the driver: a cut image is named by samplesize's own
   * line), and in local mode the loopback address.
   *
   * @param master a master URL
   * @return the settings, before any jar is added
   */
  static SparkConf settings(String master) {
    SparkConf conf = new SparkConf().setAppName("samplesize").setMaster(master);
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.driver.maxResultSize", "0");
    conf.setIfMissing(
        "spark.executor.extraJavaOptions",
        "--add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.logger=slf4j");
    conf.setIfMissing("spark.executorEnv.OPENCV_LOG_LEVEL", "FATAL");
    if (master.startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    return conf;
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
    checkLocalThreads(master);
    checkStandalonePort(master);
    checkClusterManager(master, Thread.currentThread().getContextClassLoader());
    SparkConf conf = settings(master);
    if (!master.startsWith("local") && !conf.contains("spark.jars")) {
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
    } catch (Exception e) {
      // SparkException is checked in Java's eyes, though Scala throws it undeclared.
      throw new UnavailableException(
          "--spark " + master + ": cannot start Spark (" + Jobs.firstLine(e) + ")", e);
    }
    jsc.setLogLevel("WARN");
    return jsc;
  }

  private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(?:,(\\d+))?]");

  /**
   * Refuses {@code local[N]} or {@code local[N,F]} with N or F below 1 (or too large to be a count)
   * before Spark starts: Spark itself would fail only while starting, with a stack trace.
   *
   * @param master a master URL that matched {@link #MASTER}
   * @throws InvalidInputException naming the count and what to give
   */
  static void checkLocalThreads(String master) {
    java.util.regex.Matcher m = LOCAL.matcher(master);
    if (!m.matches()) {
      return;
    }
    if (!m.group(1).equals("*") && !atLeastOne(m.group(1))) {
      throw new InvalidInputException(
          "--spark "
              + master
              + ": local[N] needs at least 1 worker thread, got "
              + m.group(1)
              + "; give e.g. local[2], or local[*] for one per core");
    }
    if (m.group(2) != null && !atLeastOne(m.group(2))) {
      throw new InvalidInputException(
          "--spark "
              + master
              + ": local[N,F] lets a task fail F-1 times, so F must be at least 1, got "
              + m.group(2)
              + "; give e.g. local[2,3]");
    }
  }

  private static final Pattern STANDALONE =
      Pattern.compile("spark://([^,/]+:\\d+)(,[^,/]+:\\d+)*/?");

  /**
   * Refuses a {@code spark://} master whose hosts do not each name a port ({@code spark://HOST}, a
   * typing slip for {@code spark://HOST:7077}) before Spark starts: Spark itself fails only while
   * starting, "Invalid master URL", which read as something outside samplesize (exit 3).
   *
   * @param master a master URL that matched {@link #MASTER}
   * @throws InvalidInputException naming the URL and the form to give
   */
  static void checkStandalonePort(String master) {
    if (master.startsWith("spark://") && !STANDALONE.matcher(master).matches()) {
      throw new InvalidInputException(
          "--spark "
              + master
              + ": a standalone master URL names each master's host and port, as"
              + " spark://HOST:7077 (or spark://HOST1:7077,HOST2:7077)");
    }
  }

  /**
   * Refuses a {@code yarn}, {@code k8s://} or {@code mesos://} master whose cluster manager is not
   * on the class path before Spark starts: Spark itself says only "Could not parse Master URL",
   * which reads as a typing mistake. {@code ./samplesize} brings Spark's core, not its YARN or
   * Kubernetes module; the cluster's own {@code spark-submit} brings them.
   *
   * @param master a master URL that matched {@link #MASTER}
   * @param loader where Spark looks for its cluster managers
   * @throws InvalidInputException naming the module and what to do instead
   */
  static void checkClusterManager(String master, ClassLoader loader) {
    String module;
    if (master.equals("yarn") || master.startsWith("yarn://")) {
      module = "YARN (spark-yarn)";
    } else if (master.startsWith("k8s://")) {
      module = "Kubernetes (spark-kubernetes)";
    } else if (master.startsWith("mesos://")) {
      module = "Mesos (Spark 4 has none)";
    } else {
      return;
    }
    for (org.apache.spark.scheduler.ExternalClusterManager m :
        java.util.ServiceLoader.load(
            org.apache.spark.scheduler.ExternalClusterManager.class, loader)) {
      if (m.canCreate(master)) {
        return;
      }
    }
    throw new InvalidInputException(
        "--spark "
            + master
            + ": this class path has no Spark support for "
            + module
            + "; submit spark/target/samplesize-spark.jar with the cluster's own spark-submit"
            + " (docs/scale-out.md), or give spark://HOST:7077 or local[N]");
  }

  private static boolean atLeastOne(String digits) {
    try {
      return Integer.parseInt(digits) >= 1;
    } catch (NumberFormatException e) {
      return false;
    }
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

  /**
   * The line a run starts with: the master, how many tasks run at once (Spark's default
   * parallelism: the workers' cores, and 2 before any worker has joined a standalone master, so not
   * "cores") and Spark's version.
   *
   * @param master the master URL
   * @param parallelism Spark's default parallelism
   * @param version Spark's version
   * @return e.g. {@code spark: local[2] (2 tasks at once, Spark 3.5.3)}
   */
  static String startLine(String master, int parallelism, String version) {
    return "spark: "
        + master
        + " ("
        + parallelism
        + (parallelism == 1 ? " task" : " tasks")
        + " at once, Spark "
        + version
        + ")";
  }
}
