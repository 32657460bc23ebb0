package org.samplesize.train.tail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.samplesize.InvalidInputException;
import org.samplesize.ProgressListener;
import org.samplesize.data.Seeds;
import org.samplesize.train.ClassificationMetrics;
import org.samplesize.train.DropoutRng;
import org.samplesize.train.EarlyStopping;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadResult;
import org.samplesize.train.Metrics;
import org.samplesize.train.Precision;
import org.samplesize.train.TrainingDevice;
import org.samplesize.train.TrainingDevices;
import org.samplesize.train.TrainingJob;

/**
 * The recipe's second phase: after the head phase ({@code HeadTrainer}), unfreeze MobileNetV2 from
 * a block on (BatchNorm stays frozen: the tail uses folded weights) and train tail and head
 * together, as Keras' {@code compile_and_train(model, ..., optimizer=Adam(1e-4), patience=5,
 * epochs=total_epochs)} does for each job:
 *
 * <ul>
 *   <li>start from the pretrained tail ({@link TailSpec}) and the job's trained head ({@link
 *       HeadResult#weights()}, {@link HeadResult#bias()});
 *   <li>Adam at {@link TailOptions#learningRate()} (1e-4), fresh moments; categorical
 *       cross-entropy; dropout before the dense head;
 *   <li>at most {@link TailOptions#epochs(int) head epochs run + 20} epochs; the last {@code
 *       validationSplit} of the job's rows validates, the rest is reshuffled every epoch;
 *   <li>after every epoch the Keras-style validation AUC feeds {@link EarlyStopping} (patience 5),
 *       and the best epoch's weights are restored at the end;
 *   <li>the final model is scored on the test rows with the head phase's {@link Metrics}.
 * </ul>
 *
 * <p>The trunk activations come from the feature cache at the spec's cut tensor ({@link
 * TailSpec#cutTensor()}), one row of {@link TailSpec#inputSize()} floats per image. Jobs train one
 * after another on one {@link TailNetwork} (a tail is large; its batch is parallel inside).
 *
 * <p>Randomness per job: {@code root = new SplittableRandom(mix64(job.seed() + STREAM))}; {@code
 * root.split()} shuffles the epochs and {@code root.split().nextLong()} keys the {@link DropoutRng}
 * masks (iteration = the job's 0-based fine-tuning step). So a job's result depends on its own seed
 * only, and is the same on every backend up to rounding.
 */
public final class TailTrainer {
  /** Separates the fine-tuning phase's random streams from the head phase's. */
  static final long STREAM = 0x7A11_0000_0000_0002L;

  private TailTrainer() {}

  /**
   * Fine-tunes every job on the device {@link TailOptions#device()} names, in {@link
   * TailOptions#precision()} where that device has it (else in fp32, with one note saying why).
   *
   * @param spec the tail, cut where the trunk activations were cached
   * @param trunk trunk activations, {@code cols == spec.inputSize()}
   * @param labels class of every row of {@code trunk}
   * @param numClasses classes, &ge; 2
   * @param phase1 the head phase's results: their jobs, trained heads and epochs run
   * @param testRows rows to score the fine-tuned models on, at least one
   * @param options phase-2 settings
   * @param progress receives one stage "fine-tuning" counted in models, and the note of a precision
   *     that cannot run; may be null
   * @return one result per head result, in order
   * @throws InvalidInputException on inconsistent input (the message names the job or row) or a
   *     device that is not there
   */
  public static List<TailResult> train(
      TailSpec spec,
      FeatureMatrix trunk,
      int[] labels,
      int numClasses,
      List<HeadResult> phase1,
      int[] testRows,
      TailOptions options,
      ProgressListener progress) {
    List<TailResult> results = new ArrayList<>(phase1 == null ? 0 : phase1.size());
    train(spec, trunk, labels, numClasses, phase1, testRows, options, progress, results::add);
    return results;
  }

  /**
   * Fine-tunes every job as {@link #train(TailSpec, FeatureMatrix, int[], int, List, int[],
   * TailOptions, ProgressListener)} does, handing each result to {@code finished} as soon as it is
   * scored (in the order of {@code phase1}), before the next job starts: a caller that journals
   * each result loses only the job in training when it is killed, not every job of the call.
   *
   * @param spec the tail, cut where the trunk activations were cached
   * @param trunk trunk activations, {@code cols == spec.inputSize()}
   * @param labels class of every row of {@code trunk}
   * @param numClasses classes, &ge; 2
   * @param phase1 the head phase's results: their jobs, trained heads and epochs run
   * @param testRows rows to score the fine-tuned models on, at least one
   * @param options phase-2 settings
   * @param progress as for the list-returning method; may be null
   * @param finished receives each result on the calling thread
   */
  public static void train(
      TailSpec spec,
      FeatureMatrix trunk,
      int[] labels,
      int numClasses,
      List<HeadResult> phase1,
      int[] testRows,
      TailOptions options,
      ProgressListener progress,
      Consumer<TailResult> finished) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(finished, "finished");
    validate(spec, trunk, labels, numClasses, phase1, testRows);
    TrainingDevice device = TrainingDevices.select(options.device(), "fine-tuning", progress);
    TailOptions effective =
        options.withPrecision(
            Precision.effective(
                options.precision(),
                device.backend()::bf16UnavailableReason,
                progress == null ? null : progress::note));
    try (TailNetwork network =
        device.openTail(spec, numClasses, effective.batchSize(), effective)) {
      train(
          spec, trunk, labels, numClasses, phase1, testRows, options, network, progress, finished);
    }
  }

  /**
   * Fine-tunes every job on {@code network}, which the caller opened (and closes) for {@code spec},
   * {@code numClasses} and {@code options}; the arguments are already validated.
   */
  private static void train(
      TailSpec spec,
      FeatureMatrix trunk,
      int[] labels,
      int numClasses,
      List<HeadResult> phase1,
      int[] testRows,
      TailOptions options,
      TailNetwork network,
      ProgressListener progress,
      Consumer<TailResult> finished) {
    Objects.requireNonNull(network, "network");
    if (network.maxBatch() < options.batchSize() || network.numClasses() != numClasses) {
      throw new IllegalArgumentException(
          "network takes batches of "
              + network.maxBatch()
              + " with "
              + network.numClasses()
              + " classes; need "
              + options.batchSize()
              + " and "
              + numClasses);
    }
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    listener.stage("fine-tuning from " + spec.firstBlockName(), phase1.size(), "models");
    try {
      Batches batches = new Batches(spec, trunk, labels, numClasses, options);
      int[] testLabels = new int[testRows.length];
      for (int i = 0; i < testRows.length; i++) {
        testLabels[i] = labels[testRows[i]];
      }
      for (HeadResult head : phase1) {
        finished.accept(trainOne(spec, head, testRows, testLabels, options, network, batches));
        listener.advance(1);
      }
    } finally {
      listener.endStage();
    }
  }

  private static TailResult trainOne(
      TailSpec spec,
      HeadResult head,
      int[] testRows,
      int[] testLabels,
      TailOptions options,
      TailNetwork network,
      Batches batches) {
    long start = System.nanoTime();
    TrainingJob job = head.job();
    int[] rows = job.trainRows();
    int nTrain = options.trainingCount(rows.length);
    if (nTrain < 1) {
      throw new InvalidInputException(
          "job " + job.id() + " has " + rows.length + " rows, too few to keep any for training");
    }
    int[] trainPart = Arrays.copyOfRange(rows, 0, nTrain);
    int[] valPart = Arrays.copyOfRange(rows, nTrain, rows.length);
    int[] valLabels = new int[valPart.length];
    for (int i = 0; i < valPart.length; i++) {
      valLabels[i] = batches.labels[valPart[i]];
    }
    SplittableRandom root = new SplittableRandom(DropoutRng.mix64(job.seed() + STREAM));
    SplittableRandom shuffles = root.split();
    long dropoutKey = root.split().nextLong();

    int numClasses = batches.numClasses;
    network.setParameters(TailParameters.of(spec, numClasses, head.weights(), head.bias()));
    EarlyStopping stopping = new EarlyStopping(EarlyStopping.Mode.MAX, 0, options.patience());
    TailParameters best = null;
    double bestAuc = Double.NaN;
    double lastAuc = Double.NaN;
    int epochs = options.epochs(head.epochsRun());
    int epochsRun = 0;
    long iteration = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = Seeds.shuffled(trainPart, shuffles);
      for (int from = 0; from < order.length; from += options.batchSize()) {
        int n = Math.min(options.batchSize(), order.length - from);
        batches.fill(order, from, n);
        float[] scale = batches.dropout(dropoutKey, iteration, n);
        network.trainStep(batches.x, batches.y, n, scale);
        iteration++;
      }
      epochsRun++;
      if (valPart.length > 0) {
        float[] probs = batches.predict(network, valPart);
        double auc =
            ClassificationMetrics.kerasAuc(probs, valLabels, numClasses, options.aucThresholds());
        lastAuc = auc;
        if (stopping.update(auc)) {
          if (best == null) {
            best = TailParameters.zerosLike(batches.shape(spec, numClasses));
          }
          network.getParameters(best);
          bestAuc = auc;
        }
        if (stopping.shouldStop()) {
          break;
        }
      }
    }
    int bestEpoch = epochsRun - 1;
    double keptAuc = lastAuc;
    if (options.restoreBestWeights() && best != null) {
      network.loadWeights(best);
      bestEpoch = stopping.bestEpoch();
      keptAuc = bestAuc;
    }
    float[] probs = batches.predict(network, testRows);
    Metrics test =
        ClassificationMetrics.evaluate(probs, testLabels, numClasses, options.aucThresholds());
    return new TailResult(
        job,
        spec.firstBlockName(),
        test,
        head.epochsRun(),
        epochsRun,
        bestEpoch,
        keptAuc,
        System.nanoTime() - start,
        network.name());
  }

  /** Gathers minibatches of trunk rows and dropout multipliers into reused arrays. */
  private static final class Batches {
    final FeatureMatrix trunk;
    final int[] labels;
    final int numClasses;
    final int batchSize;
    final int cols;
    final int featureDim;
    final int threshold;
    final float keepScale;
    final float[] x;
    final int[] y;
    final float[] scale;
    private TailParameters shape;

    Batches(TailSpec spec, FeatureMatrix trunk, int[] labels, int numClasses, TailOptions o) {
      this.trunk = trunk;
      this.labels = labels;
      this.numClasses = numClasses;
      this.batchSize = o.batchSize();
      this.cols = spec.inputSize();
      this.featureDim = spec.featureDim();
      this.threshold = DropoutRng.dropThreshold(o.dropout());
      this.keepScale = (float) (1.0 / (1.0 - o.dropout()));
      this.x = new float[batchSize * cols];
      this.y = new int[batchSize];
      this.scale = o.dropout() > 0 ? new float[batchSize * featureDim] : null;
    }

    TailParameters shape(TailSpec spec, int k) {
      if (shape == null) {
        shape = TailParameters.of(spec, k, new float[k * spec.featureDim()], new float[k]);
      }
      return shape;
    }

    void fill(int[] rows, int from, int n) {
      for (int i = 0; i < n; i++) {
        int r = rows[from + i];
        trunk.copyRow(r, x, i * cols);
        y[i] = labels[r];
      }
    }

    /** Inverted-dropout multipliers from {@link DropoutRng}, or null without dropout. */
    float[] dropout(long key, long iteration, int n) {
      if (scale == null) {
        return null;
      }
      for (int row = 0; row < n; row++) {
        int base = row * featureDim;
        DropoutRng.fillMask(
            key, iteration, batchSize, row, featureDim, threshold, keepScale, scale, base);
      }
      return scale;
    }

    float[] predict(TailNetwork network, int[] rows) {
      float[] probs = new float[rows.length * numClasses];
      float[] part = new float[batchSize * numClasses];
      for (int from = 0; from < rows.length; from += batchSize) {
        int n = Math.min(batchSize, rows.length - from);
        fill(rows, from, n);
        network.predict(x, n, part);
        System.arraycopy(part, 0, probs, from * numClasses, n * numClasses);
      }
      return probs;
    }
  }

  private static void validate(
      TailSpec spec,
      FeatureMatrix trunk,
      int[] labels,
      int numClasses,
      List<HeadResult> phase1,
      int[] testRows) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(trunk, "trunk");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(phase1, "phase1");
    Objects.requireNonNull(testRows, "testRows");
    if (trunk.cols() != spec.inputSize()) {
      throw new InvalidInputException(
          "trunk activations have "
              + trunk.cols()
              + " floats per row, but the tail from "
              + spec.firstBlockName()
              + " (cut tensor "
              + spec.cutTensor()
              + ") needs "
              + spec.inputSize()
              + "; cache the features at that tensor");
    }
    if (labels.length != trunk.rows()) {
      throw new InvalidInputException(
          labels.length + " labels for " + trunk.rows() + " trunk rows; they must match");
    }
    if (numClasses < 2) {
      throw new InvalidInputException("numClasses = " + numClasses + ", expected >= 2");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new InvalidInputException(
            "label " + labels[i] + " of row " + i + " is outside [0, " + numClasses + ")");
      }
    }
    if (phase1.isEmpty()) {
      throw new InvalidInputException("no head-phase results to fine-tune");
    }
    if (testRows.length == 0) {
      throw new InvalidInputException("no test rows to score the fine-tuned models on");
    }
    for (int r : testRows) {
      checkRow(r, trunk.rows(), "test rows");
    }
    Set<String> ids = new HashSet<>();
    for (HeadResult h : phase1) {
      if (!ids.add(h.job().id())) {
        throw new InvalidInputException("job id " + h.job().id() + " appears twice");
      }
      if (h.weights().length != numClasses * spec.featureDim() || h.bias().length != numClasses) {
        throw new InvalidInputException(
            "job "
                + h.job().id()
                + ": head weights do not fit "
                + numClasses
                + " classes × "
                + spec.featureDim()
                + " features");
      }
      for (int r : h.job().trainRows()) {
        checkRow(r, trunk.rows(), "job " + h.job().id());
      }
    }
  }

  private static void checkRow(int r, int rows, String where) {
    if (r < 0 || r >= rows) {
      throw new InvalidInputException(
          where + ": row " + r + " is outside the trunk matrix [0, " + rows + ")");
    }
  }
}
