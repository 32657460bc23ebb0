package org.samplesize.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.samplesize.ProgressListener;
import org.samplesize.train.Backend;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.HeadTrainer;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingJob;

/**
 * The recipe's head plan as a workload, for {@code samplesize bench} and the JMH benchmark: random
 * features of the recipe's shape (Gaussian class clusters, so that training and early stopping
 * behave as on real features), jobs drawn as the recipe draws them ({@code n = floor(N * fraction)}
 * rows with replacement), a held-out test set.
 */
public final class HeadBenchmark {
  /** The recipe's training pool: 3303 flower images (90% of 3670). */
  public static final int RECIPE_ROWS = 3303;

  /** MobileNetV2's pooled feature size. */
  public static final int RECIPE_COLS = 1280;

  /** tf_flowers' classes. */
  public static final int RECIPE_CLASSES = 5;

  /** The recipe's fractions of the pool. */
  public static final double[] RECIPE_FRACTIONS = {0.05, 0.10, 0.25, 0.50};

  private HeadBenchmark() {}

  /**
   * A plan ready to train.
   *
   * @param features pool rows followed by test rows
   * @param labels class of every row
   * @param classes number of classes
   * @param jobs the models
   * @param testRows the held-out rows
   */
  public record Plan(
      FeatureMatrix features, int[] labels, int classes, List<TrainingJob> jobs, int[] testRows) {}

  /**
   * @param models number of models; job {@code j} uses fraction {@code RECIPE_FRACTIONS[j % 4]}, so
   *     20 models are the recipe's 5 repeats × 4 fractions
   * @param seed seed of features, subsamples and job seeds
   * @return the recipe's plan on random features: 3303 pool rows + 367 test rows, 1280 columns, 5
   *     classes
   */
  public static Plan recipePlan(int models, long seed) {
    return plan(RECIPE_ROWS, 367, RECIPE_COLS, RECIPE_CLASSES, models, seed);
  }

  /**
   * @param poolRows rows the jobs draw from
   * @param testCount extra test rows
   * @param cols features per row
   * @param classes classes
   * @param models number of jobs
   * @param seed seed
   * @return a plan on random clustered features
   */
  public static Plan plan(
      int poolRows, int testCount, int cols, int classes, int models, long seed) {
    if (models < 1 || poolRows < 20 || testCount < 1 || cols < 1 || classes < 2) {
      throw new IllegalArgumentException(
          "models = "
              + models
              + ", poolRows = "
              + poolRows
              + ", testCount = "
              + testCount
              + ", cols = "
              + cols
              + ", classes = "
              + classes);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom data = root.split();
    int rows = poolRows + testCount;
    float[][] centres = new float[classes][cols];
    for (float[] c : centres) {
      for (int j = 0; j < cols; j++) {
        // non-negative, sparse-ish like pooled ReLU6 activations
        c[j] = (float) Math.max(0, data.nextGaussian());
      }
    }
    float[] x = new float[rows * cols];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = data.nextInt(classes);
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = (float) Math.max(0, centres[y[i]][j] + 1.5 * data.nextGaussian());
      }
    }
    SplittableRandom draws = root.split();
    List<TrainingJob> jobs = new ArrayList<>(models);
    for (int m = 0; m < models; m++) {
      double fraction = RECIPE_FRACTIONS[m % RECIPE_FRACTIONS.length];
      int n = (int) Math.floor(poolRows * fraction);
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = draws.nextInt(poolRows);
      }
      jobs.add(new TrainingJob("f" + fraction + "-m" + m, idx, draws.nextLong()));
    }
    int[] test = new int[testCount];
    Arrays.setAll(test, i -> poolRows + i);
    return new Plan(FeatureMatrix.of(x, rows, cols), y, classes, jobs, test);
  }

  /**
   * Trains a plan once.
   *
   * @param plan the plan
   * @param options head settings
   * @param backend where
   * @return the results
   */
  public static List<HeadResult> run(Plan plan, HeadOptions options, Backend backend) {
    return HeadTrainer.train(
        plan.features(),
        plan.labels(),
        plan.classes(),
        plan.jobs(),
        plan.testRows(),
        options,
        backend,
        ProgressListener.NONE);
  }

  /**
   * Rows for {@code samplesize bench}: models/s of the recipe's 20-model plan (random features of
   * the recipe's shape, recipe settings with early stopping) on the CPU backend and on the CUDA
   * backend when a GPU is usable (else a row saying why), each repetition one full plan.
   *
   * @param threads CPU worker threads
   * @param warmup untimed plans first, &ge; 0
   * @param repetitions timed plans, &ge; 1
   * @param progress receives a stage per backend; may be null
   * @return one row per backend
   */
  public static List<BenchRow> benchRows(
      int threads, int warmup, int repetitions, ProgressListener progress) {
    if (warmup < 0 || repetitions < 1) {
      throw new IllegalArgumentException(
          "warmup = " + warmup + ", repetitions = " + repetitions + "; expected >= 0 and >= 1");
    }
    ProgressListener p = progress == null ? ProgressListener.NONE : progress;
    int models = 20;
    Plan plan = recipePlan(models, 42);
    HeadOptions options = HeadOptions.recipe().withThreads(threads);
    String note = "recipe plan: 20 models, 3303x1280 random features, 10 epochs, early stopping";
    List<BenchRow> rows = new ArrayList<>();
    for (String device : List.of("cpu", "cuda")) {
      if (!TrainingDevices.isAvailable(device)) {
        rows.add(
            new BenchRow(
                "head",
                "cuda",
                "fp32",
                "dense-softmax",
                64,
                threads,
                "-",
                "models/s",
                new double[0],
                "skipped: no usable CUDA GPU ("
                    + TrainingDevices.named(device).unavailableReason()
                    + ")"));
        continue;
      }
      try (Backend backend =
          TrainingDevices.select(device, "training heads", p).openHeads(threads)) {
        p.stage("bench head " + backend.name(), warmup + repetitions, "plans");
        for (int i = 0; i < warmup; i++) {
          run(plan, options, backend);
          p.advance(1);
        }
        double[] rates = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
          long t0 = System.nanoTime();
          run(plan, options, backend);
          rates[i] = models / ((System.nanoTime() - t0) / 1e9);
          p.advance(1);
        }
        p.endStage();
        rows.add(
            new BenchRow(
                "head",
                device,
                "fp32",
                "dense-softmax",
                64,
                threads,
                "-",
                "models/s",
                rates,
                backend.name() + "; " + note));
      }
    }
    return rows;
  }
}
