package org.samplesize.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.samplesize.ProgressListener;
import org.samplesize.data.Seeds;

/**
 * Trains the recipe's head (dropout → dense softmax) for many jobs at once on cached features, as
 * Keras' {@code model.fit(x, y, batch_size, epochs, validation_split, callbacks=[EarlyStopping])}
 * would for each job alone:
 *
 * <ul>
 *   <li>weights Glorot-uniform, bias zero; categorical cross-entropy; Adam;
 *   <li>validation = the last {@code validationSplit} of the job's rows as given ({@code floor(n *
 *       (1 - split))} rows train); only the training part is reshuffled every epoch;
 *   <li>after every epoch the Keras-style validation AUC feeds {@link EarlyStopping} (mode max);
 *       the best epoch's weights are restored at the end (Keras 3 restores them even when training
 *       ran to the epoch limit);
 *   <li>finally every model is scored on the test rows ({@link Metrics}).
 * </ul>
 *
 * <p>Each job's randomness comes from its own seed: {@code root = new SplittableRandom(seed)};
 * {@code root.split()} draws the initial weights, the next {@code split()} the epoch shuffles, and
 * the next {@code split().nextLong()} is the dropout key of {@link DropoutRng}. So a job's result
 * does not depend on which other jobs train beside it.
 */
public final class HeadTrainer {
  private HeadTrainer() {}

  /**
   * Trains every job and scores it on the test rows.
   *
   * @param features feature rows ({@code cols} = head input size)
   * @param labels class of every feature row, in {@code [0, numClasses)}
   * @param numClasses classes, &ge; 2
   * @param jobs the models to train, at least one, distinct ids
   * @param testRows rows to score the trained models on, at least one
   * @param options head settings
   * @param backend where to train
   * @param progress receives one stage "training heads" counted in models
   * @return one result per job, in the order of {@code jobs}
   * @throws IllegalArgumentException on inconsistent input (the message names the job or row)
   */
  public static List<HeadResult> train(
      FeatureMatrix features,
      int[] labels,
      int numClasses,
      List<TrainingJob> jobs,
      int[] testRows,
      HeadOptions options,
      Backend backend,
      ProgressListener progress) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(testRows, "testRows");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(backend, "backend");
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    validate(features, labels, numClasses, jobs, testRows, options);

    final int models = jobs.size();
    final int cols = features.cols();
    final int thresholds = options.aucThresholds();
    int[][] trainPart = new int[models][];
    int[][] valPart = new int[models][];
    SplittableRandom[] shuffles = new SplittableRandom[models];
    long[] keys = new long[models];
    float[][] initWeights = new float[models][];
    for (int m = 0; m < models; m++) {
      TrainingJob job = jobs.get(m);
      int[] rows = job.trainRows();
      int nTrain = options.trainingCount(rows.length);
      trainPart[m] = java.util.Arrays.copyOfRange(rows, 0, nTrain);
      valPart[m] = java.util.Arrays.copyOfRange(rows, nTrain, rows.length);
      SplittableRandom root = new SplittableRandom(job.seed());
      initWeights[m] = glorotUniform(root.split(), cols, numClasses);
      shuffles[m] = root.split();
      keys[m] = root.split().nextLong();
    }

    listener.stage("training heads", models, "models");
    long start = System.nanoTime();
    EarlyStopping[] stopping = new EarlyStopping[models];
    boolean[] running = new boolean[models];
    int[] epochsRun = new int[models];
    double[] lastAuc = new double[models];
    double[] bestAuc = new double[models];
    java.util.Arrays.fill(lastAuc, Double.NaN);
    java.util.Arrays.fill(bestAuc, Double.NaN);
    List<HeadResult> results = new ArrayList<>(models);
    try (HeadStack stack = backend.openStack(features, labels, numClasses, models, options)) {
      for (int m = 0; m < models; m++) {
        stack.setParameters(m, initWeights[m], new float[numClasses]);
        stopping[m] = new EarlyStopping(EarlyStopping.Mode.MAX, 0, options.patience());
        running[m] = true;
      }
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        int[][] orders = new int[models][];
        int[][] valRows = new int[models][];
        boolean any = false;
        for (int m = 0; m < models; m++) {
          if (running[m]) {
            orders[m] = Seeds.shuffled(trainPart[m], shuffles[m]);
            valRows[m] = valPart[m].length > 0 ? valPart[m] : null;
            any = true;
          }
        }
        if (!any) {
          break;
        }
        long[][] counts =
            stack.trainEpochAndCount(orders, keys, valRows, labels, numClasses, thresholds);
        for (int m = 0; m < models; m++) {
          if (!running[m]) {
            continue;
          }
          epochsRun[m]++;
          if (valRows[m] != null) {
            double auc = ClassificationMetrics.kerasAucFromCounts(counts[m]);
            lastAuc[m] = auc;
            if (stopping[m].update(auc)) {
              stack.saveBest(m);
              bestAuc[m] = auc;
            }
            if (stopping[m].shouldStop()) {
              running[m] = false;
            }
          }
          if (!running[m] || epoch == options.epochs() - 1) {
            running[m] = false;
            listener.advance(1);
          }
        }
      }
      int[] bestEpoch = new int[models];
      double[] keptAuc = new double[models];
      for (int m = 0; m < models; m++) {
        boolean restore = options.restoreBestWeights() && stopping[m].bestEpoch() >= 0;
        if (restore) {
          stack.restoreBest(m);
          bestEpoch[m] = stopping[m].bestEpoch();
          keptAuc[m] = bestAuc[m];
        } else {
          bestEpoch[m] = epochsRun[m] - 1;
          keptAuc[m] = lastAuc[m];
        }
      }
      long trainNanos = System.nanoTime() - start;

      int[][] testSets = new int[models][];
      float[][] probabilities = new float[models][];
      for (int m = 0; m < models; m++) {
        testSets[m] = testRows;
        probabilities[m] = new float[testRows.length * numClasses];
      }
      stack.predict(testSets, probabilities);
      int[] testLabels = new int[testRows.length];
      for (int i = 0; i < testRows.length; i++) {
        testLabels[i] = labels[testRows[i]];
      }
      for (int m = 0; m < models; m++) {
        float[] w = new float[numClasses * cols];
        float[] b = new float[numClasses];
        stack.getParameters(m, w, b);
        Metrics test =
            ClassificationMetrics.evaluate(probabilities[m], testLabels, numClasses, thresholds);
        results.add(
            new HeadResult(
                jobs.get(m),
                test,
                epochsRun[m],
                bestEpoch[m],
                keptAuc[m],
                trainNanos,
                backend.name(),
                w,
                b));
      }
    } finally {
      listener.endStage();
    }
    return results;
  }

  /**
   * Glorot-uniform weights for a dense layer, drawn in Keras' kernel order ({@code fanIn × fanOut})
   * and stored class-major ({@code fanOut × fanIn}).
   *
   * @param random the stream to draw from
   * @param fanIn inputs
   * @param fanOut outputs (classes)
   * @return {@code fanOut × fanIn} weights in {@code ±sqrt(6 / (fanIn + fanOut))}
   */
  public static float[] glorotUniform(SplittableRandom random, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[fanIn * fanOut];
    for (int i = 0; i < fanIn; i++) {
      for (int c = 0; c < fanOut; c++) {
        w[c * fanIn + i] = (float) ((random.nextDouble() * 2 - 1) * limit);
      }
    }
    return w;
  }

  private static void validate(
      FeatureMatrix features,
      int[] labels,
      int numClasses,
      List<TrainingJob> jobs,
      int[] testRows,
      HeadOptions options) {
    int n = features.rows();
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ", expected >= 2");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries but the feature matrix has " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label of feature row "
                + i
                + " is "
                + labels[i]
                + ", expected [0, "
                + numClasses
                + ")");
      }
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("no training jobs given");
    }
    if (testRows.length == 0) {
      throw new IllegalArgumentException("no test rows given");
    }
    checkRows(testRows, n, "test rows");
    Set<String> ids = new HashSet<>();
    for (TrainingJob job : jobs) {
      if (!ids.add(job.id())) {
        throw new IllegalArgumentException("job id " + job.id() + " appears twice");
      }
      for (int i = 0; i < job.size(); i++) {
        int r = job.row(i);
        if (r < 0 || r >= n) {
          throw new IllegalArgumentException(
              "job "
                  + job.id()
                  + ": row "
                  + r
                  + " at position "
                  + i
                  + " is outside [0, "
                  + n
                  + ")");
        }
      }
      if (options.trainingCount(job.size()) < 1) {
        throw new IllegalArgumentException(
            "job "
                + job.id()
                + " has "
                + job.size()
                + " rows; with validation split "
                + options.validationSplit()
                + " none is left for training");
      }
    }
  }

  private static void checkRows(int[] rows, int n, String what) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= n) {
        throw new IllegalArgumentException(
            what + ": row " + rows[i] + " at position " + i + " is outside [0, " + n + ")");
      }
    }
  }
}
