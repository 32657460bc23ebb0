package org.samplesize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samplesize.train.cpu.CpuBackend;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailOptions;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailResult;
import org.samplesize.train.tail.TailSpec;
import org.samplesize.train.tail.TailTrainer;
import org.samplesize.train.tail.TinyTails;

/**
 * Pins what head and tail training compute on the CPU, bit for bit, to values recorded from the
 * code before the backends were reorganised ({@code training_golden.txt}): a refactoring of the
 * training loop, batching, early stopping or the device work must not move a single bit for the
 * same seed.
 *
 * <p>Keys starting {@code java.} come from pure-Java arithmetic and are compared exactly
 * everywhere. Keys starting {@code blas.} go through OpenBLAS, whose kernels depend on the CPU:
 * they are compared exactly when they run on the processor model, and with the widest vectors
 * (AVX-512 or AVX2), they were recorded on, else (another machine) their sums within a relative
 * 1e-3 and their hashes not at all.
 */
class TrainingGoldenTest {

  @Test
  void trainingResultsAreTheRecordedOnes() throws IOException {
    Map<String, String> actual = new LinkedHashMap<>();
    actual.put("openblas.core", blasCore());
    heads(actual);
    tailNetwork(actual);
    tailTrainer(actual);
    Map<String, String> expected = load();
    boolean sameCore = actual.get("openblas.core").equals(expected.get("openblas.core"));
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> e : actual.entrySet()) {
      String key = e.getKey();
      String want = expected.get(key);
      if (key.equals("openblas.core")) {
        continue;
      }
      if (want == null) {
        wrong.add(key + " not recorded");
      } else if (key.startsWith("java.") || sameCore) {
        if (!want.equals(e.getValue())) {
          wrong.add(key + ": recorded " + want + ", now " + e.getValue());
        }
      } else if (!key.endsWith(".hash")) {
        double w = Double.parseDouble(want);
        double a = Double.parseDouble(e.getValue());
        if (!(Math.abs(w - a) <= 1e-3 * Math.max(1, Math.abs(w)))) {
          wrong.add(key + ": recorded " + want + ", now " + e.getValue() + " (other BLAS core)");
        }
      }
    }
    if (!wrong.isEmpty()) {
      StringBuilder all = new StringBuilder();
      actual.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
      fail(String.join("\n", wrong) + "\n--- all values now:\n" + all);
    }
    assertEquals(expected.size(), actual.size(), "recorded keys");
  }

  /** Three jobs, early stopping on, both CPU paths (OpenBLAS and pure Java). */
  private static void heads(Map<String, String> out) {
    HeadTrainerTest.Fixture fx = HeadTrainerTest.blobs(300, 24, 4, 2.5, 7);
    List<TrainingJob> jobs = HeadTrainerTest.jobs(3, 90, 240, 8);
    int[] test = HeadTrainerTest.range(240, 300);
    HeadOptions o =
        HeadOptions.recipe().withEpochs(7).withPatience(2).withBatchSize(16).withLearningRate(0.05);
    try (Backend blas = new CpuBackend(2);
        Backend java = new CpuBackend(2, false)) {
      record(
          out,
          "blas.head",
          HeadTrainer.train(fx.features(), fx.labels(), 4, jobs, test, o, blas, null));
      record(
          out,
          "java.head",
          HeadTrainer.train(fx.features(), fx.labels(), 4, jobs, test, o, java, null));
    }
  }

  private static void record(Map<String, String> out, String prefix, List<HeadResult> results) {
    for (int j = 0; j < results.size(); j++) {
      HeadResult r = results.get(j);
      String p = prefix + j + ".";
      out.put(p + "epochsRun", Integer.toString(r.epochsRun()));
      out.put(p + "bestEpoch", Integer.toString(r.bestEpoch()));
      out.put(p + "bestValAuc", Double.toHexString(r.bestValAuc()));
      metrics(out, p, r.test());
      array(out, p + "weights", r.weights());
      array(out, p + "bias", r.bias());
    }
  }

  /** Raw network calls: features, gradients and five Adam steps with dropout. */
  private static void tailNetwork(Map<String, String> out) {
    TailSpec spec = TinyTails.spec(5);
    int k = 3;
    int n = 6;
    TailParameters p = TinyTails.parameters(spec, k, 41);
    float[] x = TinyTails.input(n, spec.inputSize(), 42);
    int[] y = TinyTails.labels(n, k, 43);
    float[] mask = TinyTails.dropout(n, spec.featureDim(), 0.3, 44);
    try (CpuTailNetwork net =
        new CpuTailNetwork(spec, k, 8, 2, new TailAdam(1e-2, 0.9, 0.999, 1e-7))) {
      net.setParameters(p);
      float[] f = new float[n * spec.featureDim()];
      net.features(x, n, f);
      array(out, "blas.tail.features", f);
      TailParameters g = TailParameters.zerosLike(p);
      out.put("blas.tail.loss0", Double.toHexString(net.gradients(x, y, n, mask, g)));
      for (int t = 0; t < g.size(); t++) {
        array(out, "blas.tail.grad." + g.name(t), g.tensor(t));
      }
      for (int step = 1; step <= 5; step++) {
        out.put("blas.tail.step" + step, Double.toHexString(net.trainStep(x, y, n, mask)));
      }
      TailParameters after = TailParameters.zerosLike(p);
      net.getParameters(after);
      for (int t = 0; t < after.size(); t++) {
        array(out, "blas.tail.param." + after.name(t), after.tensor(t));
      }
      float[] probs = new float[n * k];
      net.predict(x, n, probs);
      array(out, "blas.tail.probs", probs);
    }
  }

  /** The whole fine-tuning phase on the CPU, early stopping included. */
  private static void tailTrainer(Map<String, String> out) {
    TailSpec spec = TinyTails.spec(5);
    int rows = 90;
    int[] labels = new int[rows];
    FeatureMatrix trunk = org.samplesize.train.tail.TailTrainerGolden.data(spec, rows, labels, 6);
    int[] train = HeadTrainerTest.range(0, 70);
    int[] test = HeadTrainerTest.range(70, 90);
    List<TrainingJob> jobs =
        List.of(
            new TrainingJob("a", train, 11),
            new TrainingJob("b", java.util.Arrays.copyOf(train, 40), 12));
    List<HeadResult> heads =
        org.samplesize.train.tail.TailTrainerGolden.headPhase(spec, trunk, labels, test, jobs);
    TailOptions options =
        TailOptions.recipe()
            .withLearningRate(2e-2)
            .withExtraEpochs(5)
            .withBatchSize(16)
            .withThreads(2)
            .withDevice("cpu")
            .withPatience(1);
    List<TailResult> results =
        TailTrainer.train(spec, trunk, labels, 3, heads, test, options, null);
    for (int j = 0; j < results.size(); j++) {
      TailResult r = results.get(j);
      String p = "blas.tune" + j + ".";
      out.put(p + "epochsRun", Integer.toString(r.epochsRun()));
      out.put(p + "bestEpoch", Integer.toString(r.bestEpoch()));
      out.put(p + "bestValAuc", Double.toHexString(r.bestValAuc()));
      metrics(out, p, r.test());
    }
  }

  private static void metrics(Map<String, String> out, String p, Metrics m) {
    out.put(p + "accuracy", Double.toHexString(m.accuracy()));
    out.put(p + "kerasAuc", Double.toHexString(m.kerasAuc()));
    out.put(p + "loss", Double.toHexString(m.loss()));
  }

  private static void array(Map<String, String> out, String key, float[] v) {
    double sum = 0;
    long hash = 1;
    for (float f : v) {
      sum += Math.abs(f);
      hash = 31 * hash + Float.floatToRawIntBits(f);
    }
    out.put(key + ".sum", Double.toHexString(sum));
    out.put(key + ".hash", Long.toHexString(hash));
  }

  /**
   * OpenBLAS chooses its kernels by CPU model at run time, so the processor model stands for the
   * core it picked.
   */
  private static String blasCore() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    String model = "unknown";
    String vectors = "";
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name") && model.equals("unknown")) {
          model = line.substring(line.indexOf(':') + 1).trim();
        }
        if (line.startsWith("flags") && vectors.isEmpty()) {
          // A virtual machine may name its CPU only "AMD EPYC", AVX-512 or not, and OpenBLAS
          // picks other kernels for each: an AVX2-only one moved every blas. key's last bits.
          List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
          vectors = flags.contains("avx512f") ? " avx512f" : flags.contains("avx2") ? " avx2" : "";
        }
      }
    }
    return System.getProperty("os.arch") + " " + model + vectors;
  }

  private static Map<String, String> load() throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    try (InputStream in = TrainingGoldenTest.class.getResourceAsStream("training_golden.txt")) {
      assertNotNull(in, "training_golden.txt is missing");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          int eq = line.indexOf('=');
          m.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return m;
  }
}
