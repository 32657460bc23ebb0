package org.samplesize.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.samplesize.fit.CurveFamily;
import org.samplesize.fit.CurveFit;
import org.samplesize.fit.FitOptions;
import org.samplesize.fit.LearningCurveFitter;
import org.samplesize.fit.ResultsTable;
import org.samplesize.fit.SampleSize;
import org.samplesize.report.ResultsCsv;

/**
 * The learning-curve engine. {@code recipeTable}: the recipe's 4-size × 5-repeat table, every
 * family (or {@code pow2} alone, the baseline) with a B = 1000 bootstrap, predictions at 2x and a
 * target (goal: under 2 s on 2 cores). {@code thousandCurveFile}: a 1,000-curve CSV (4 sizes × 5
 * repeats each, seeded) read and fitted in one call, every family (goal: under 60 s on 2 cores).
 * The peer for the first is {@code benchmarks/peers/peer_fit.py} (SciPy {@code curve_fit}, same
 * work).
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FitBenchmark {

  /** The recipe's table. */
  @State(Scope.Benchmark)
  public static class RecipeTable {
    /** {@code all} families with selection, or {@code pow2} alone (the baseline). */
    @Param({"all", "pow2"})
    public String families;

    /** Bootstrap replicates. */
    @Param({"1000"})
    public int bootstrap;

    /** Worker threads. */
    @Param({"1", "2"})
    public int threads;

    ResultsTable table;
    LearningCurveFitter fitter;

    /** Builds the table and the fitter. */
    @Setup(Level.Trial)
    public void setup() {
      double[] sizes = {165, 330, 825, 1651};
      double[][] acc = {
        {0.8202, 0.7466, 0.8011, 0.8447, 0.8229},
        {0.861, 0.8774, 0.8501, 0.8937, 0.891},
        {0.891, 0.9237, 0.8856, 0.9101, 0.891},
        {0.8937, 0.9373, 0.9128, 0.8719, 0.9128}
      };
      ResultsTable.Builder b = ResultsTable.builder("keras-recipe");
      for (int i = 0; i < sizes.length; i++) {
        for (double v : acc[i]) {
          b.add(sizes[i], v);
        }
      }
      table = b.build();
      fitter = new LearningCurveFitter(options(families, bootstrap, threads));
    }
  }

  /** A 1,000-curve results file. */
  @State(Scope.Benchmark)
  public static class ThousandCurves {
    /** Bootstrap replicates per curve. */
    @Param({"0", "100"})
    public int bootstrap;

    /** Worker threads. */
    @Param({"2"})
    public int threads;

    Path file;
    LearningCurveFitter fitter;

    /** Writes the file: pow3-shaped curves with random parameters and noise, seed 7. */
    @Setup(Level.Trial)
    public void setup() throws IOException {
      file = Files.createTempFile("samplesize-1000-curves", ".csv");
      SplittableRandom rng = new SplittableRandom(7);
      double[] sizes = {165, 330, 825, 1651};
      try (Writer w = Files.newBufferedWriter(file)) {
        w.write("curve,fraction,size,repeat,accuracy,test_size\n");
        for (int c = 0; c < 1000; c++) {
          double asym = 0.85 + 0.13 * rng.nextDouble();
          double a = 1 + 3 * rng.nextDouble();
          double alpha = 0.3 + 0.5 * rng.nextDouble();
          for (int i = 0; i < sizes.length; i++) {
            double mu = asym - a * Math.pow(sizes[i], -alpha);
            for (int r = 0; r < 5; r++) {
              double v = Math.max(0, Math.min(1, mu + 0.015 * gaussian(rng)));
              w.write(
                  String.format(
                      Locale.ROOT,
                      "c%d,%.3f,%.0f,%d,%.4f,367%n",
                      c,
                      sizes[i] / 3303,
                      sizes[i],
                      r,
                      v));
            }
          }
        }
      }
      fitter = new LearningCurveFitter(options("all", bootstrap, threads));
    }

    /** Deletes the file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Files.deleteIfExists(file);
    }
  }

  static FitOptions options(String families, int bootstrap, int threads) {
    FitOptions o =
        FitOptions.defaults()
            .withBootstrap(bootstrap)
            .withThreads(threads)
            .withSeed(42)
            .withPredict(List.of(SampleSize.parse("2x")))
            .withTargets(List.of(0.95));
    return families.equals("all") ? o : o.withFamilies(List.of(CurveFamily.byId(families)));
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Fits the recipe's table.
   *
   * @param s the table and fitter
   * @return the fits
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3, time = 3)
  @Measurement(iterations = 5, time = 3)
  public List<CurveFit> recipeTable(RecipeTable s) {
    return s.fitter.fit(s.table);
  }

  /**
   * Reads and fits the 1,000-curve file in one call.
   *
   * @param s the file and fitter
   * @return the fits
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public List<CurveFit> thousandCurveFile(ThousandCurves s) {
    return s.fitter.fit(ResultsCsv.read(s.file));
  }
}
