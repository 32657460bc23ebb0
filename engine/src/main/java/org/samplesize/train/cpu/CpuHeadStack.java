package org.samplesize.train.cpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import org.samplesize.SamplesizeException;
import org.samplesize.train.Adam;
import org.samplesize.train.ClassificationMetrics;
import org.samplesize.train.DeviceHeadStack;
import org.samplesize.train.DropoutRng;
import org.samplesize.train.FeatureMatrix;
import org.samplesize.train.HeadOptions;

/**
 * Heads of one {@link CpuBackend}: the weights and Adam moments of each model in one array ({@code
 * class × feature}, so that the plain loops over them are indexed alike, which C2 needs to
 * vectorise them), the biases stacked, the features copied once into one array (or, with {@link
 * PairDropout}, held there scaled and read from the feature matrix, which must stay open while the
 * stack is, for the rows scored).
 *
 * <p>The stack holds that state and runs each model's epoch (which rows go into each minibatch
 * step, the Adam update) over the backend's threads. The arithmetic lives beside it: {@link
 * HeadDropout} and {@link HeadGradients} for a step, on {@link HeadMath}'s row operations, with
 * per-thread {@link HeadScratch} buffers; {@link HeadScorer} scores the models on given rows.
 */
final class CpuHeadStack extends DeviceHeadStack {
  private final CpuBackend backend;

  /** The features as one array; null when {@link #pairDropout} holds them for training. */
  private final float[] x;

  private final int[] labels;
  private final int threads;
  private final float[][] weights;
  private final float[] bias;
  private final float[][] mWeights;
  private final float[][] vWeights;
  private final float[] mBias;
  private final float[] vBias;
  private final float[][] bestWeights;
  private final float[][] bestBias;
  private final long[] iterations;
  private final Adam adam;
  private final boolean dropout;
  private final int dropThreshold;
  private final float dropScale;
  private final BlockingQueue<HeadScratch> scratch;
  private final boolean blas;

  /**
   * The dropout of the OpenBLAS path in vectorisable plain loops, straight into the native batch;
   * null where it does not apply ({@link PairDropout#of}) or without dropout.
   */
  private final PairDropout pairDropout;

  /** Scores the models on given rows (validation, test) with their current weights. */
  private final HeadScorer scorer;

  CpuHeadStack(
      CpuBackend backend,
      FeatureMatrix features,
      int[] labels,
      int numClasses,
      int models,
      HeadOptions options) {
    super(features, labels, numClasses, models, options);
    this.backend = backend;
    this.threads = Math.min(backend.threads(), options.threads());
    long size = (long) rows * cols;
    long params = (long) models * numClasses * cols;
    if (size > Integer.MAX_VALUE - 16 || params > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "the CPU backend holds features and weights in Java arrays: "
              + rows
              + " × "
              + cols
              + " features and "
              + models
              + " models × "
              + numClasses
              + " × "
              + cols
              + " weights exceed 2^31 floats; train fewer models per call");
    }
    this.labels = labels.clone();
    this.weights = new float[models][numClasses * cols];
    this.bias = new float[models * numClasses];
    this.mWeights = new float[models][numClasses * cols];
    this.vWeights = new float[models][numClasses * cols];
    this.mBias = new float[bias.length];
    this.vBias = new float[bias.length];
    this.bestWeights = new float[models][];
    this.bestBias = new float[models][];
    this.iterations = new long[models];
    this.adam = Adam.of(options);
    this.dropout = options.dropout() > 0;
    this.dropThreshold = DropoutRng.dropThreshold(options.dropout());
    this.dropScale = (float) (1.0 / (1.0 - options.dropout()));
    this.blas = backend.usesBlas();
    this.pairDropout =
        blas && dropout
            ? PairDropout.of(
                features,
                dropThreshold,
                dropScale,
                freeHeap() / 4,
                threads,
                backend::runAll,
                backend.takeSpareRows())
            : null;
    if (pairDropout == null) {
      this.x = new float[(int) size];
      for (int r = 0; r < rows; r++) {
        features.copyRow(r, x, r * cols);
      }
    } else {
      // Training reads the pairs only; the few rows scored are read from the features.
      this.x = null;
    }
    this.scorer =
        new HeadScorer(
            backend, x, x == null ? features : null, weights, bias, models, classes, cols, threads);
    this.scratch = new ArrayBlockingQueue<>(threads);
    for (int i = 0; i < threads; i++) {
      scratch.add(new HeadScratch(batch, cols, numClasses, blas));
    }
  }

  @Override
  protected void doSetParameters(int model, float[] w, float[] b) {
    System.arraycopy(w, 0, weights[model], 0, classes * cols);
    System.arraycopy(b, 0, bias, model * classes, classes);
  }

  @Override
  protected void doGetParameters(int model, float[] w, float[] b) {
    System.arraycopy(weights[model], 0, w, 0, classes * cols);
    System.arraycopy(bias, model * classes, b, 0, classes);
  }

  @Override
  protected void doSaveBest(int model) {
    if (bestWeights[model] == null) {
      bestWeights[model] = new float[classes * cols];
      bestBias[model] = new float[classes];
    }
    doGetParameters(model, bestWeights[model], bestBias[model]);
  }

  @Override
  protected void doRestoreBest(int model) {
    doSetParameters(model, bestWeights[model], bestBias[model]);
  }

  @Override
  protected void doTrainEpoch(int[][] orders, long[] dropoutKeys) {
    List<Integer> work = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      if (orders[m] != null) {
        work.add(m);
      }
    }
    // Longest first: a model's steps are sequential, so balance whole models across threads.
    work.sort(Comparator.comparingInt((Integer m) -> -orders[m].length).thenComparingInt(m -> m));
    List<Callable<Void>> tasks = new ArrayList<>(work.size());
    for (int m : work) {
      tasks.add(
          () -> {
            HeadScratch s = take();
            try {
              trainModel(m, orders[m], dropoutKeys[m], s);
            } finally {
              scratch.add(s);
            }
            return null;
          });
    }
    backend.runAll(tasks);
  }

  /**
   * Each model's epoch and then its scoring and counts in one task: no barrier between training and
   * scoring, so a thread that ends its last training task scores instead of waiting, and the counts
   * are made on the worker threads. The same floats as {@link #doTrainEpoch} then {@link
   * #kerasAucCounts}: a model's scores depend on its own weights only.
   */
  @Override
  protected long[][] doTrainEpochAndCount(
      int[][] orders, long[] dropoutKeys, int[][] rowSets, int[] rowLabels, int thresholds) {
    long[][] counts = new long[models][];
    List<Integer> work = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      if (orders[m] != null || rowSets[m] != null) {
        work.add(m);
      }
    }
    // Longest first by the rows each task touches, training rows weighing most.
    work.sort(
        Comparator.comparingInt((Integer m) -> -taskSize(orders[m], rowSets[m]))
            .thenComparingInt(m -> m));
    List<Callable<Void>> tasks = new ArrayList<>(work.size());
    for (int m : work) {
      tasks.add(
          () -> {
            if (orders[m] != null) {
              HeadScratch s = take();
              try {
                trainModel(m, orders[m], dropoutKeys[m], s);
              } finally {
                scratch.add(s);
              }
            }
            int[] r = rowSets[m];
            if (r != null) {
              float[] p = new float[r.length * classes];
              scorer.scoreModel(m, r, p);
              int[] y = new int[r.length];
              for (int i = 0; i < r.length; i++) {
                y[i] = rowLabels[r[i]];
              }
              counts[m] = ClassificationMetrics.kerasAucCounts(p, y, classes, thresholds);
            }
            return null;
          });
    }
    backend.runAll(tasks);
    return counts;
  }

  /** Relative cost of one task of {@link #doTrainEpochAndCount}: scoring a row is cheaper. */
  private static int taskSize(int[] order, int[] scored) {
    return 4 * (order == null ? 0 : order.length) + (scored == null ? 0 : scored.length);
  }

  @Override
  protected void doPredict(int[][] rowSets, float[][] probabilities) {
    scorer.predict(rowSets, probabilities);
  }

  @Override
  protected void release() {
    HeadScratch s;
    while ((s = scratch.poll()) != null) {
      s.close();
    }
    scorer.release();
    if (pairDropout != null) {
      backend.giveSpareRows(pairDropout.rows());
    }
  }

  /** Heap not yet in use, as far as the JVM may still grow it. */
  static long freeHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  /** All minibatch steps of one model for one epoch, sequentially on the calling thread. */
  private void trainModel(int m, int[] order, long key, HeadScratch s) {
    final int d = cols;
    final int k = classes;
    final float[] w = weights[m];
    final int bOff = m * k;
    final long draws = DropoutRng.drawsPerRow(d);
    final float[] xd = s.xd;
    final float[] g = s.g;
    final float[] gw = s.gw;
    final float[] gb = s.gb;
    final int[] y = s.y;
    final PairDropout pairs = pairDropout;
    for (int start = 0; start < order.length; start += batch) {
      final int nb = Math.min(batch, order.length - start);
      final long t = iterations[m];
      for (int b = 0; b < nb; b++) {
        int row = order[start + b];
        y[b] = labels[row];
        long counter = (t * batch + b) * draws;
        if (pairs != null) {
          long[] xdRow = s.xdPairs[b];
          pairs.row(row, xdRow, key, counter, s.draws);
          s.xdLongs.put(b * xdRow.length, xdRow, 0, xdRow.length);
        } else if (dropout) {
          HeadDropout.dropoutRow(x, row * d, xd, b * d, d, key, counter, dropThreshold, dropScale);
        } else {
          System.arraycopy(x, row * d, xd, b * d, d);
        }
      }
      if (blas) {
        if (pairs == null) {
          s.xdBuffer.put(0, xd, 0, nb * d);
        }
        HeadGradients.blasForwardBackward(s, y, nb, d, k, w, 0, bias, bOff);
      } else {
        HeadGradients.forwardBackward(xd, y, nb, d, k, w, 0, bias, bOff, g, gw, gb);
      }
      float alpha = adam.alpha(t + 1);
      adam.update(w, gw, mWeights[m], vWeights[m], alpha);
      adam.update(bias, bOff, gb, 0, mBias, vBias, bOff, k, alpha);
      iterations[m] = t + 1;
    }
  }

  private HeadScratch take() {
    try {
      return scratch.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SamplesizeException("interrupted while training heads", e);
    }
  }

  @Override
  protected void ensureDeviceOpen() {
    backend.ensureOpen();
  }
}
