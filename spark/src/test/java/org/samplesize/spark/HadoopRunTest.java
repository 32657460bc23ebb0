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
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.cli.Cli;
import org.samplesize.experiment.ExecutorProvider;
import org.samplesize.experiment.Experiment;
import org.samplesize.experiment.PipelineStages;
import org.samplesize.experiment.Planner;
import org.samplesize.experiment.ResumeIdentity;
import org.samplesize.experiment.RunSettings;
import org.samplesize.experiment.SettingsIO;
import org.samplesize.experiment.TinyData;
import org.samplesize.experiment.TinyRun;
import org.samplesize.experiment.TrainingExecutor;
import org.samplesize.io.Folders;

/**
 * {@code run --spark} with its data, model and output on a real HDFS (a {@link MiniDFSCluster} on
 * this machine): the same numbers, model by model, as the run on local paths, the journal on HDFS
 * after every record, and a driver killed mid-run that resumes from it.
 */
class HadoopRunTest {
  @TempDir static Path dir;
  static MiniDFSCluster cluster;
  static FileSystem hdfs;
  static String root;
  static Path data;
  static Path model;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    // Closing a file asks the namenode until the datanode has reported the block, waiting 0.4 s
    // before asking again: 10 ms here (and for the run's own client), seconds instead of a minute.
    conf.setInt(DELAY, 10);
    System.setProperty("spark.hadoop." + DELAY, "10");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    data = TinyData.images(dir.resolve("data"), 40, 7);
    model = TinyData.model(dir);
    // SparkRunTest's flags, on these files.
    SparkRunTest.data = data;
    SparkRunTest.model = model;
    put(data, "/photos");
    put(model, "/models/" + model.getFileName());
  }

  private static final String DELAY =
      "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";

  @AfterAll
  static void stop() {
    System.clearProperty("spark.hadoop." + DELAY);
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  /** Copies a local file or folder to HDFS keeping each file's modification time. */
  private static void put(Path local, String remote) throws IOException {
    try (Stream<Path> all = Files.walk(local)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String rel = local.relativize(p).toString();
        org.apache.hadoop.fs.Path to =
            new org.apache.hadoop.fs.Path(rel.isEmpty() ? remote : remote + "/" + rel);
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(p.toUri()), to);
        hdfs.setTimes(to, Files.getLastModifiedTime(p).toMillis(), -1);
      }
    }
  }

  private static String read(String remote) throws IOException {
    try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(remote))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path fetch(String remote, Path local) throws IOException {
    hdfs.copyToLocalFile(
        new org.apache.hadoop.fs.Path(remote), new org.apache.hadoop.fs.Path(local.toUri()));
    return local;
  }

  /** The head run's flags with data, model and output on HDFS. */
  private static List<String> onHdfs(String out, Path cache) {
    List<String> a = SparkRunTest.headArgs(Path.of("unused"), cache, "--spark", "local[2]");
    a.set(a.indexOf("--data") + 1, root + "/photos");
    a.set(a.indexOf("--model") + 1, root + "/models/" + model.getFileName());
    a.set(a.indexOf("--out") + 1, root + out);
    return a;
  }

  @Test
  void aRunOnHdfsIsTheRunOnLocalPathsModelByModel() throws Exception {
    Path cache = dir.resolve("cache");
    Cli.Result here =
        TinyRun.run(SparkRunTest.headArgs(dir.resolve("out-here"), dir.resolve("cache-here")));
    assertEquals(0, here.code(), here.err());

    Cli.Result r = TinyRun.run(onHdfs("/runs/head", cache));
    assertEquals(0, r.code(), r.err());
    assertEquals(here.out().lines().findFirst(), r.out().lines().findFirst(), "the answer");
    Path csv = fetch("/runs/head/results.csv", dir.resolve("head-results.csv"));
    assertEquals(
        TinyData.resultNumbers(dir.resolve("out-here/results.csv")), TinyData.resultNumbers(csv));
    for (String f : List.of("fit.json", "report.html", "settings.yaml", "journal.jsonl")) {
      assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/head/" + f)), f);
    }
    assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/head/.samplesize.lock")));

    // The journal names the data by its URI, not by where its copy lies, and has the same data
    // and model fingerprints as the run on the local files.
    JsonNode idHdfs = identity(read("/runs/head/journal.jsonl"));
    JsonNode idHere = identity(Files.readString(dir.resolve("out-here/journal.jsonl")));
    assertEquals(root + "/photos", idHdfs.get("data").asText());
    for (String k : List.of("data-sha256", "model-sha256", "data-images", "model")) {
      assertEquals(idHere.get(k), idHdfs.get(k), k);
    }

    // The copies lie under the cache folder; the same command again copies nothing and trains
    // nothing: it resumes every model from the journal fetched back from HDFS.
    Path copy =
        HadoopStorage.localCopy(
            StoragePaths.inputRoot(cache), java.net.URI.create(root + "/photos"));
    Path image;
    try (Stream<Path> s = Files.walk(copy)) {
      image = s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Object inode = Files.getAttribute(image, "unix:ino");
    Cli.Result again = TinyRun.run(onHdfs("/runs/head", cache));
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("Models: 0 trained now, 12 resumed"), again.out());
    assertEquals(inode, Files.getAttribute(image, "unix:ino"), "the copy was kept");

    // The local files instead of the URI are other data for the journal: refused, saying so.
    List<String> local = onHdfs("/runs/head", cache);
    local.set(local.indexOf("--data") + 1, data.toString());
    Cli.Result mixed = TinyRun.run(local);
    assertEquals(2, mixed.code(), mixed.err());
    assertTrue(mixed.err().contains("data: the journal has"), mixed.err());
  }

  private static JsonNode identity(String journal) throws IOException {
    JsonNode first = new ObjectMapper().readTree(journal.lines().findFirst().orElseThrow());
    return first.get("settings");
  }

  @Test
  void aDriverKilledMidRunResumesFromTheJournalOnHdfs() throws Exception {
    Path cache = dir.resolve("cache-killed");
    String out = root + "/runs/killed";
    Map<String, Object> f = new HashMap<>();
    f.put("data", root + "/photos");
    f.put("model", root + "/models/" + model.getFileName());
    f.put("out", out);
    f.put("cache", cache.toString());
    f.put("train-fraction", 0.7);
    f.put("threads", 2);
    f.put("learning-rate", 0.05);
    f.put("epochs", 30);
    f.put("fractions", List.of(0.1, 0.25, 0.5, 1.0));
    f.put("repeats", 3);
    RunSettings given = SettingsIO.resolve(null, f);

    SparkExecutorProvider first = new SparkExecutorProvider();
    RunSettings s = first.localPaths(given);
    ExecutorProvider.Executors e = first.open("local[2]", ProgressListener.NONE);
    Path journal = Path.of(s.out()).resolve("journal.jsonl");
    List<String> atKill = new ArrayList<>();
    // The driver dies after journaling 5 models: what HDFS holds then is what a restart finds.
    TrainingExecutor dying =
        new SparkRunTest.Dying(
            e.training(),
            5,
            () -> {
              try {
                atKill.add(read("/runs/killed/journal.jsonl"));
                atKill.add(Files.readString(journal));
              } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
              }
            });
    try (PipelineStages stages = new PipelineStages(new Planner(), e.features(), dying)) {
      assertThrows(
          SparkRunTest.Killed.class, () -> Experiment.run(s, stages, ProgressListener.NONE));
    }
    assertEquals(atKill.get(1), atKill.get(0), "HDFS has the journal as the driver wrote it");
    assertEquals(5, modelIds(atKill.get(0)).size());

    // Started again elsewhere: nothing of the first driver's local folder is left.
    Folders.deleteTree(Path.of(s.out()));
    SparkExecutorProvider again = new SparkExecutorProvider();
    RunSettings s2 = again.localPaths(given);
    ExecutorProvider.Executors e2 = again.open("local[2]", ProgressListener.NONE);
    try (PipelineStages stages = new PipelineStages(new Planner(), e2.features(), e2.training())) {
      Experiment.Outcome o = Experiment.run(s2, stages, ProgressListener.NONE);
      assertEquals(7, o.trainedNow());
      assertEquals(5, o.resumed());
    }
    List<String> ids = modelIds(read("/runs/killed/journal.jsonl"));
    assertEquals(12, ids.size(), ids.toString());
    assertEquals(12, new HashSet<>(ids).size(), ids.toString());
    assertEquals(
        pinned(), TinyData.resultNumbers(fetch("/runs/killed/results.csv", dir.resolve("k.csv"))));
  }

  @Test
  void aMissingPathOrConnectorOrARemoteCacheIsOneLine() throws IOException {
    Path cache = dir.resolve("cache-errors");
    List<String> missing = onHdfs("/runs/missing", cache);
    missing.set(missing.indexOf("--data") + 1, root + "/no-such-photos");
    Cli.Result m = TinyRun.run(missing);
    assertEquals(2, m.code(), m.err());
    assertEquals(
        "samplesize run: error: --data "
            + root
            + "/no-such-photos: no such file or folder there; check the path, or give another",
        m.err().strip());

    List<String> s3a = onHdfs("/runs/s3a", cache);
    s3a.set(s3a.indexOf("--model") + 1, "s3a://bucket/models/m.onnx");
    Cli.Result c = TinyRun.run(s3a);
    assertEquals(2, c.code(), c.err());
    assertEquals(
        "samplesize run: error: --model s3a://bucket/models/m.onnx: this class path has no Hadoop"
            + " FileSystem for s3a://; add hadoop-aws with the AWS SDK bundle to the class path of"
            + " the driver and the executors (spark-submit --jars or --packages), or give a local"
            + " path",
        c.err().strip());

    // A namenode that does not answer (a port nobody listens on; no retries): exit 3.
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    List<String> down = onHdfs("/runs/down", cache);
    String nowhere = "hdfs://127.0.0.1:" + closed + "/photos";
    down.set(down.indexOf("--data") + 1, nowhere);
    System.setProperty("spark.hadoop.ipc.client.connect.max.retries", "0");
    Cli.Result d;
    try {
      d = TinyRun.run(down);
    } finally {
      System.clearProperty("spark.hadoop.ipc.client.connect.max.retries");
    }
    assertEquals(3, d.code(), d.err());
    assertTrue(
        d.err()
            .strip()
            .startsWith("samplesize run: error: --data " + nowhere + ": cannot reach it ("),
        d.err());
    assertTrue(d.err().contains("check that the FileSystem is up"), d.err());
    assertEquals(1, d.err().strip().lines().count(), d.err());

    List<String> remoteCache = onHdfs("/runs/cache", cache);
    remoteCache.set(remoteCache.indexOf("--cache") + 1, root + "/cache");
    Cli.Result rc = TinyRun.run(remoteCache);
    assertEquals(2, rc.code(), rc.err());
    assertTrue(
        rc.err().contains("--cache " + root + "/cache: the cache folder must be on local disk"),
        rc.err());
  }

  @Test
  void aChangedFileIsCopiedAgainAndARemovedOneLeavesTheCopy() throws Exception {
    Path staging = dir.resolve("staging");
    Path one = Files.writeString(dir.resolve("one.txt"), "one");
    put(one, "/sync/a/one.txt");
    put(one, "/sync/a/two.txt");
    Path copy = HadoopStorage.stage("--data", root + "/sync", staging);
    assertEquals("one", Files.readString(copy.resolve("a/two.txt")));
    assertEquals(root + "/sync", ResumeIdentity.canonicalData(copy.toString()));

    // Temporaries of a copy killed half way: a fresh one may be another process's and stays, an
    // old one goes.
    Path fresh = Files.writeString(copy.resolve("a/.one.txt.1.part"), "o");
    Path old = Files.writeString(copy.resolve("a/.one.txt.2.part"), "o");
    Files.setLastModifiedTime(
        old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 2 * DAY));
    hdfs.delete(new org.apache.hadoop.fs.Path("/sync/a/two.txt"), false);
    try (var o = hdfs.create(new org.apache.hadoop.fs.Path("/sync/a/one.txt"), true)) {
      o.write("changed".getBytes(StandardCharsets.UTF_8));
    }
    HadoopStorage.stage("--data", root + "/sync", staging);
    assertEquals("changed", Files.readString(copy.resolve("a/one.txt")));
    assertFalse(Files.exists(copy.resolve("a/two.txt")));
    assertFalse(Files.exists(old));
    assertTrue(Files.deleteIfExists(fresh));
    assertArrayEquals(
        new String[] {"one.txt"},
        Files.list(copy.resolve("a")).map(p -> p.getFileName().toString()).toArray());
  }

  private static final long DAY = 24L * 3600 * 1000;

  private static List<String> modelIds(String journal) throws IOException {
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : journal.lines().toList()) {
      JsonNode n = json.readTree(line);
      if (n.path("kind").asText().equals("model")) {
        ids.add(n.get("id").asText());
      }
    }
    return ids;
  }

  private static List<String> pinned() throws IOException {
    try (InputStream in =
        HadoopRunTest.class.getResourceAsStream("/org/samplesize/experiment/pinned-head.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
