package org.samplesize.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SharedData;
import org.samplesize.cli.Cli;
import org.samplesize.experiment.Experiment;
import org.samplesize.experiment.FeatureSet;
import org.samplesize.experiment.ModelRecord;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Plan;
import org.samplesize.experiment.PlannedModel;
import org.samplesize.experiment.Planner;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.experiment.TinyData;
import org.samplesize.experiment.TinyRun;
import org.samplesize.experiment.TrainingExecutor;

/**
 * {@code run --spark local[N]} against the single-machine run on the engine's tiny fixtures: same
 * {@code results.csv} model by model (the engine's pinned tables), the same feature cache, and the
 * faults a cluster has: a task that fails once, a driver killed mid-run and started again.
 */
class SparkRunTest {
  @TempDir static Path dir;
  static Path data;
  static Path model;

  @BeforeAll
  static void fixtures() throws Exception {
    // The data and flags of the engine's pinned head run (PinnedResultsTest).
    data = TinyData.images(dir.resolve("data"), 40, 7);
    model = TinyData.model(dir);
  }

  /** The flags of the engine's pinned head run into {@code out}, with {@code extra} added. */
  static List<String> headArgs(Path out, Path cache, String... extra) {
    return TinyRun.of(data, model, out, cache).pinnedHead().and(extra).list();
  }

  static RunSettings headSettings(Path out, Path cache) {
    Map<String, Object> f = new HashMap<>();
    f.put("data", data.toString());
    f.put("model", model.toString());
    f.put("out", out.toString());
    f.put("cache", cache.toString());
    f.put("train-fraction", 0.7);
    f.put("threads", 2);
    f.put("learning-rate", 0.05);
    f.put("epochs", 30);
    f.put("fractions", List.of(0.1, 0.25, 0.5, 1.0));
    f.put("repeats", 3);
    return SettingsIO.resolve(null, f);
  }

  @Test
  void aHeadCurveOnLocalSparkIsTheSingleMachineRunModelByModel() throws Exception {
    Path cacheHere = dir.resolve("cache-here");
    Path cacheSpark = dir.resolve("cache-spark");
    Cli.Result here = TinyRun.run(headArgs(dir.resolve("out-here"), cacheHere));
    assertEquals(0, here.code(), here.err());
    // Data, model, cache and output given as file:// URIs (Hadoop FileSystem paths).
    Cli.Shown<Cli.Result> shown =
        Cli.showingProgress(
            () ->
                TinyRun.run(
                    fileUris(
                        headArgs(dir.resolve("out-spark"), cacheSpark, "--spark", "local[2]"))));
    Cli.Result spark = shown.result();
    assertEquals(0, spark.code(), spark.err());
    // It computed the features: it says so, and not that it reused a cache, as the single-machine
    // pass on an empty cache says.
    assertTrue(shown.progress().contains("features: done"), shown.progress());
    assertFalse(shown.progress().contains("reusing cache"), shown.progress());

    assertEquals(
        pinned("pinned-head.csv"), TinyData.resultNumbers(dir.resolve("out-spark/results.csv")));
    assertEquals(
        TinyData.resultNumbers(dir.resolve("out-here/results.csv")),
        TinyData.resultNumbers(dir.resolve("out-spark/results.csv")));
    assertEquals(here.out().lines().findFirst(), spark.out().lines().findFirst(), "the answer");

    // The run says it used Spark: its master and executors in provenance.json and the report.
    JsonNode stages =
        new ObjectMapper()
            .readTree(dir.resolve("out-spark/provenance.json").toFile())
            .path("stages");
    assertEquals("local[2]", stages.path("spark_master").asText(), stages.toString());
    assertEquals(1, stages.path("spark_executors").asInt(), stages.toString());
    assertEquals(2, stages.path("spark_cores").asInt(), stages.toString());
    assertTrue(stages.path("spark_version").isTextual(), stages.toString());
    String report = Files.readString(dir.resolve("out-spark/report.html"));
    assertTrue(report.contains("spark master") && report.contains("local[2]"), "report");
    assertFalse(
        new ObjectMapper()
            .readTree(dir.resolve("out-here/provenance.json").toFile())
            .path("stages")
            .has("spark_master"),
        "a run without --spark names no master");

    // The same feature cache, byte for byte, as the single-machine pass writes.
    List<Path> binsHere = bins(cacheHere);
    List<Path> binsSpark = bins(cacheSpark);
    assertEquals(1, binsSpark.size(), binsSpark.toString());
    assertEquals(binsHere.get(0).getFileName(), binsSpark.get(0).getFileName());
    assertArrayEquals(Files.readAllBytes(binsHere.get(0)), Files.readAllBytes(binsSpark.get(0)));

    // A later single-machine run reuses it: no second feature pass is recorded in the cache.
    Cli.Result reuse = TinyRun.run(headArgs(dir.resolve("out-reuse"), cacheSpark));
    assertEquals(0, reuse.code(), reuse.err());
    // And so does a later run on Spark, once.
    Cli.Shown<Cli.Result> again =
        Cli.showingProgress(
            () ->
                TinyRun.run(
                    headArgs(dir.resolve("out-spark-again"), cacheSpark, "--spark", "local[2]")));
    assertEquals(0, again.result().code(), again.result().err());
    assertEquals(
        1, again.progress().split("features: reusing cache", -1).length - 1, again.progress());
    JsonNode sidecar =
        new ObjectMapper()
            .readTree(Path.of(binsSpark.get(0).toString().replace(".bin", ".json")).toFile());
    assertEquals(1, sidecar.get("runs").size(), sidecar.toString());
    assertEquals(
        TinyData.resultNumbers(dir.resolve("out-here/results.csv")),
        TinyData.resultNumbers(dir.resolve("out-reuse/results.csv")));
  }

  @Test
  void anAdaptiveRunOnLocalSparkTrainsTheModelsItAddsAsTheSingleMachineRunDoes() throws Exception {
    // The executors planned only the models of the plan: a model --until-width added failed its
    // task with "this executor's plan has no model head/f1.0/r3", an internal error.
    String[] adaptive = {"--until-width", "0.001", "--max-models", "14"};
    Cli.Result here =
        TinyRun.run(headArgs(dir.resolve("out-until-here"), dir.resolve("cache-until"), adaptive));
    assertEquals(0, here.code(), here.err());
    List<String> args =
        new ArrayList<>(
            headArgs(dir.resolve("out-until-spark"), dir.resolve("cache-until"), adaptive));
    args.addAll(List.of("--spark", "local[2]"));
    Cli.Result spark = TinyRun.run(args);
    assertEquals(0, spark.code(), spark.err());
    assertEquals(
        TinyData.resultNumbers(dir.resolve("out-until-here/results.csv")),
        TinyData.resultNumbers(dir.resolve("out-until-spark/results.csv")));
    int rows = TinyData.resultNumbers(dir.resolve("out-until-spark/results.csv")).size();
    assertTrue(rows > 1 + 12, "models added to the 12 planned: " + (rows - 1));
    assertEquals(here.out().lines().findFirst(), spark.out().lines().findFirst(), "the answer");
  }

  @Test
  void aSchemeWithoutItsConnectorIsOneLineNamingItBeforeSparkStarts() {
    Path out = dir.resolve("out-s3a");
    List<String> args = headArgs(out, dir.resolve("cache-s3a"), "--spark", "local[2]");
    args.set(args.indexOf("--data") + 1, "s3a://bucket/photos");
    Cli.Result r = TinyRun.run(args);
    assertEquals(2, r.code(), r.err());
    assertEquals(
        "samplesize run: error: --data s3a://bucket/photos: this class path has no Hadoop"
            + " FileSystem for s3a://; add hadoop-aws with the AWS SDK bundle to the class path of"
            + " the driver and the executors (spark-submit --jars or --packages), or give a local"
            + " path",
        r.err().strip());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aLocalMasterWithoutThreadsIsOneLineBeforeSparkStarts() {
    for (String master : List.of("local[0]", "local[2,0]", "local[99999999999]")) {
      Path out = dir.resolve("out-local0");
      Cli.Result r = TinyRun.run(headArgs(out, dir.resolve("cache-local0"), "--spark", master));
      assertEquals(2, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err().startsWith("samplesize run: error: --spark " + master + ": local[N"), r.err());
      assertFalse(Files.exists(out), "nothing written");
    }
  }

  @Test
  void aStandaloneMasterWithoutItsPortIsOneLineBeforeSparkStarts() {
    // Spark said "cannot start Spark (Invalid master URL: spark://127.0.0.1)", exit 3.
    for (String master : List.of("spark://127.0.0.1", "spark://h1:7077,h2", "spark://h:port")) {
      Path out = dir.resolve("out-noport");
      Cli.Result r = TinyRun.run(headArgs(out, dir.resolve("cache-noport"), "--spark", master));
      assertEquals(2, r.code(), r.err());
      assertEquals(
          "samplesize run: error: --spark "
              + master
              + ": a standalone master URL names each master's host and port, as"
              + " spark://HOST:7077 (or spark://HOST1:7077,HOST2:7077)",
          r.err().strip());
      assertFalse(Files.exists(out), "nothing written");
    }
    for (String master :
        List.of("spark://127.0.0.1:7077", "spark://h1:7077,h2:7078", "spark://[::1]:7077")) {
      SparkExecutorProvider.checkStandalonePort(master);
    }
  }

  @Test
  void aClusterManagerNotOnTheClassPathIsOneLineBeforeSparkStarts() {
    // Spark's core alone said "cannot start Spark (Could not parse Master URL: 'yarn')", exit 3.
    for (String master : List.of("yarn", "k8s://https://127.0.0.1:6443")) {
      Path out = dir.resolve("out-manager");
      Cli.Result r = TinyRun.run(headArgs(out, dir.resolve("cache-manager"), "--spark", master));
      assertEquals(2, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(
          r.err()
              .startsWith(
                  "samplesize run: error: --spark "
                      + master
                      + ": this class path has no Spark support for "),
          r.err());
      assertTrue(r.err().contains("spark-submit"), r.err());
      assertFalse(Files.exists(out), "nothing written");
    }
    ClassLoader loader = getClass().getClassLoader();
    SparkExecutorProvider.checkClusterManager("local[2]", loader);
    SparkExecutorProvider.checkClusterManager("spark://127.0.0.1:7077", loader);
  }

  /** The values of the path flags as {@code file://} URIs. */
  private static List<String> fileUris(List<String> args) {
    List<String> a = new ArrayList<>(args);
    for (String flag : List.of("--data", "--model", "--out", "--cache")) {
      int i = a.indexOf(flag) + 1;
      a.set(i, Path.of(a.get(i)).toUri().toString());
    }
    return a;
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndCountedOnce() throws Exception {
    Path out = dir.resolve("out-retry");
    RunSettings s = headSettings(out, dir.resolve("cache-retry"));
    String first = PlannedModel.idOf(PlannedModel.HEAD, 0.1, 0);
    // local[2,2]: two threads, a task may fail once before the job does.
    JavaSparkContext jsc = SparkExecutorProvider.context("local[2,2]");
    try (PipelineStages stages =
        new PipelineStages(
            new Planner(), new SparkFeatureExecutor(jsc), new SparkTrainingExecutor(jsc, first))) {
      Experiment.Outcome o = Experiment.run(s, stages, ProgressListener.NONE);
      assertEquals(12, o.trainedNow());
    }
    assertEachModelOnce(out, 12);
    assertEquals(pinned("pinned-head.csv"), TinyData.resultNumbers(out.resolve("results.csv")));
  }

  @Test
  void aTaskThatFailsEveryAttemptFailsTheRunNamingTheError() {
    Path out = dir.resolve("out-fail");
    RunSettings s = headSettings(out, dir.resolve("cache-fail"));
    String first = PlannedModel.idOf(PlannedModel.HEAD, 0.1, 0);
    // local[2]: no retry, so the injected first-attempt failure is final.
    JavaSparkContext jsc = SparkExecutorProvider.context("local[2]");
    try (PipelineStages stages =
        new PipelineStages(
            new Planner(), new SparkFeatureExecutor(jsc), new SparkTrainingExecutor(jsc, first))) {
      RuntimeException e =
          assertThrows(
              RuntimeException.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
      assertTrue(
          e.getMessage().contains("first attempt of model " + first + " fails"), e.getMessage());
    }
  }

  @Test
  void aDriverKilledMidRunResumesWithEveryModelOnceAndTheSameAnswer() throws Exception {
    Path out = dir.resolve("out-killed");
    Path cache = dir.resolve("cache-killed");
    RunSettings s = headSettings(out, cache);
    JavaSparkContext jsc = SparkExecutorProvider.context("local[2]");
    // The driver dies after journaling 5 models (the consumer throws, as a kill would stop it).
    TrainingExecutor dying = new Dying(new SparkTrainingExecutor(jsc), 5);
    try (PipelineStages stages =
        new PipelineStages(new Planner(), new SparkFeatureExecutor(jsc), dying)) {
      assertThrows(Killed.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
    }
    assertEachModelOnce(out, 5);

    JavaSparkContext again = SparkExecutorProvider.context("local[2]");
    try (PipelineStages stages =
        new PipelineStages(
            new Planner(), new SparkFeatureExecutor(again), new SparkTrainingExecutor(again))) {
      Experiment.Outcome o = Experiment.run(s, stages, ProgressListener.NONE);
      assertEquals(7, o.trainedNow());
      assertEquals(5, o.resumed());
    }
    assertEachModelOnce(out, 12);
    assertEquals(pinned("pinned-head.csv"), TinyData.resultNumbers(out.resolve("results.csv")));
  }

  @Test
  void aFineTuneCurveOnLocalSparkGivesTheSingleMachineNumbers() throws Exception {
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    Path tiny = TinyData.images(dir.resolve("data-ft"), 8, 3);
    Path out = dir.resolve("out-ft");
    Cli.Shown<Cli.Result> run =
        Cli.showingProgress(
            () ->
                TinyRun.of(tiny, int8, out, dir.resolve("cache-ft"))
                    .pinnedFineTune()
                    .with("--spark", "local[2]")
                    .run());
    Cli.Result r = run.result();
    String err = run.progress() + r.err();
    assertEquals(0, r.code(), err);
    TinyData.assertSameResults(
        pinned("pinned-fine-tune.csv"), TinyData.resultNumbers(out.resolve("results.csv")), err);
    // The cut's pass is named as the run without --spark names it, not "features" a second time.
    assertTrue(err.contains("samplesize: trunk activations: 24 img"), err);
  }

  /** Thrown where the driver "dies". */
  static final class Killed extends RuntimeException {
    Killed() {
      super("driver killed (test)");
    }
  }

  /** Passes records on until {@code after} were taken, then runs {@code atKill} and dies. */
  record Dying(TrainingExecutor inner, int after, Runnable atKill) implements TrainingExecutor {
    Dying(TrainingExecutor inner, int after) {
      this(inner, after, () -> {});
    }

    @Override
    public List<ModelRecord> train(
        Plan plan,
        FeatureSet features,
        List<PlannedModel> models,
        RunSettings s,
        ProgressListener p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void train(
        Plan plan,
        FeatureSet features,
        List<PlannedModel> models,
        RunSettings s,
        ProgressListener p,
        Consumer<ModelRecord> finished) {
      int[] taken = {0};
      inner.train(
          plan,
          features,
          models,
          s,
          p,
          r -> {
            if (taken[0] == after) {
              atKill.run();
              throw new Killed();
            }
            finished.accept(r);
            taken[0]++;
          });
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static void assertEachModelOnce(Path out, int models) throws IOException {
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(out.resolve("journal.jsonl"))) {
      JsonNode n = json.readTree(line);
      if (n.path("kind").asText().equals("model")) {
        ids.add(n.get("id").asText());
      }
    }
    assertEquals(models, ids.size(), ids.toString());
    assertEquals(models, new HashSet<>(ids).size(), ids.toString());
  }

  private static List<Path> bins(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache.resolve("features"))) {
      return s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
    }
  }

  /** The engine's recorded table ({@code PinnedResultsTest}). */
  private static List<String> pinned(String resource) throws IOException {
    try (InputStream in =
        SparkRunTest.class.getResourceAsStream("/org/samplesize/experiment/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
