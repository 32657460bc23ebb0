package org.samplesize.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.samplesize.bench.HeadBenchmark;
import org.samplesize.features.TailGraphReader;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.cpu.tail.CpuTailNetwork;
import org.samplesize.train.tail.TailAdam;
import org.samplesize.train.tail.TailOpTimes;
import org.samplesize.train.tail.TailParameters;
import org.samplesize.train.tail.TailSpec;

/**
 * Where the time of training goes, for profiles and before/after comparisons of our own code: the
 * fine-tuning step of {@link TailTrainingBenchmark} with per-operation times ({@link TailOpTimes}),
 * and the head plan of {@link HeadPlanBenchmark} timed per run. Prints the load average with each
 * measurement, since timings on a shared machine mean little without it. Not a JMH benchmark: use
 * the JMH ones for claims.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * org.samplesize.benchmarks.TrainingProfile tail|head [--threads 2] [--batch 64] [--cut block_10]
 * [--steps 30] [--repeats 3] [--models 20] [--precision fp32|bf16]}
 */
public final class TrainingProfile {

  /** The command line; {@code --help} prints it. */
  static final HarnessFlags FLAGS =
      HarnessFlags.of(
              "TrainingProfile",
              "Where the time of a training step goes, per kind of operation: tail (fine-tuning)"
                  + " or head.")
          .withOperands("tail|head", 1)
          .flag("--threads", "N", "2", "threads")
          .flag("--batch", "N", "64", "samples per step (tail)")
          .flag("--cut", "NODE", "block_10", "where the tail starts (tail)")
          .flag("--steps", "N", "30", "steps per round (tail)")
          .flag("--repeats", "N", "3", "rounds")
          .flag("--models", "N", "20", "heads trained together (head)")
          .flag("--precision", "fp32|bf16", "fp32", "the products' precision (tail)");

  private TrainingProfile() {}

  /**
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    FLAGS.main(args, TrainingProfile::run);
  }

  static void run(HarnessFlags.Values flags) throws Exception {
    int threads = flags.integer("--threads");
    int batch = flags.integer("--batch");
    String cut = flags.text("--cut");
    int steps = flags.integer("--steps");
    int repeats = flags.integer("--repeats");
    int models = flags.integer("--models");
    Precision precision;
    try {
      precision = Precision.parse(flags.text("--precision"));
    } catch (IllegalArgumentException e) {
      throw flags.badValue("--precision", "fp32 or bf16");
    }
    switch (flags.operand(0)) {
      case "tail" -> tail(threads, batch, cut, steps, repeats, precision);
      case "head" -> head(threads, models, steps, repeats);
      default ->
          throw new HarnessFlags.UsageError(
              "unknown mode " + flags.operand(0) + ": expected tail or head");
    }
  }

  /** Per-operation times of the fine-tuning step, {@code repeats} rounds of {@code steps}. */
  static void tail(
      int threads, int batch, String cut, int steps, int repeats, Precision precision) {
    TailSpec spec = TailGraphReader.read(BenchData.model("mobilenetv2-12-fp32-dequant.onnx"), cut);
    int k = 5;
    SplittableRandom r = new SplittableRandom(42);
    float[] hw = new float[k * spec.featureDim()];
    for (int i = 0; i < hw.length; i++) {
      hw[i] = (float) (r.nextGaussian() * 0.05);
    }
    float[] x = new float[batch * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(k);
    }
    float[] dropout = new float[batch * spec.featureDim()];
    for (int i = 0; i < dropout.length; i++) {
      dropout[i] = r.nextDouble() < 0.3 ? 0f : (float) (1 / 0.7);
    }
    try (CpuTailNetwork net =
        new CpuTailNetwork(spec, k, batch, threads, TailAdam.recipe(), precision)) {
      net.setParameters(TailParameters.of(spec, k, hw, new float[k]));
      for (int i = 0; i < Math.max(5, steps / 3); i++) {
        net.trainStep(x, y, batch, dropout);
      }
      TailOpTimes times = new TailOpTimes();
      net.recordOpTimes(times);
      for (int rep = 0; rep < repeats; rep++) {
        times.reset();
        long t0 = System.nanoTime();
        double loss = 0;
        for (int i = 0; i < steps; i++) {
          loss += net.trainStep(x, y, batch, dropout);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "tail %s batch %d threads %d %s: %.1f samples/s (%.1f ms/step, loss %.4f) load %s%n%s",
            cut,
            batch,
            threads,
            precision,
            steps * batch / s,
            s * 1e3 / steps,
            loss / steps,
            load(),
            times.table());
      }
      net.recordOpTimes(null);
      float[] probs = new float[batch * k];
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        net.predict(x, batch, probs);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "tail %s validation forward: %.1f samples/s (%.1f ms/batch)%n",
          cut,
          steps * batch / s,
          s * 1e3 / steps);
    }
  }

  /** The head plan, {@code repeats} timed runs after two warm-up runs. */
  static void head(int threads, int models, int epochsUnused, int repeats) {
    Backend backend = TrainingDevices.select("cpu", "training heads", null).openHeads(threads);
    try {
      HeadBenchmark.Plan plan = HeadBenchmark.recipePlan(models, 42);
      HeadOptions options = HeadOptions.recipe().withThreads(threads).withPatience(10);
      for (int i = 0; i < 3; i++) {
        HeadBenchmark.run(plan, options, backend);
      }
      for (int rep = 0; rep < repeats; rep++) {
        long t0 = System.nanoTime();
        List<HeadResult> res = HeadBenchmark.run(plan, options, backend);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "head plan %d models x 10 epochs, %d threads: %.3f s (%d results) load %s%n",
            models,
            threads,
            s,
            res.size(),
            load());
      }
    } finally {
      backend.close();
    }
  }

  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
