package org.samplesize.train.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.samplesize.train.FeatureMatrix;

/**
 * Scores the models of a {@link CpuHeadStack} on given rows (after every epoch on the validation
 * rows, at the end on the test rows): row by row, or with the features transposed ({@link
 * TransposedDots}) and kept for the next epoch. Apart from the stack because scoring reads the
 * weights only and has state of its own (the transposed rows kept per model), while the stack
 * trains them; it shares the stack's arrays, which the stack updates in place.
 */
final class HeadScorer {
  private final CpuBackend backend;

  /** The features as one array; null when they are read row by row from {@link #features}. */
  private final float[] x;

  /** Where rows are read when {@link #x} is null, else null. */
  private final FeatureMatrix features;

  private final float[][] weights;
  private final float[] bias;
  private final int models;
  private final int classes;
  private final int cols;
  private final int threads;

  /**
   * Per model, the rows it was last scored on and their features transposed ({@code feature ×
   * row}), kept because a model is scored on the same validation rows after every epoch; null where
   * none is kept. Each slot is touched only by its model's scoring task.
   */
  private final int[][] transposedRows;

  private final float[][][] transposed;

  /**
   * @param backend runs the scoring tasks
   * @param x the features as one array ({@code row × cols}), or null to read them from {@code
   *     features}
   * @param features where rows are read when {@code x} is null
   * @param weights per model {@code classes × cols}, shared with the stack
   * @param bias the models' biases stacked, {@code classes} each, shared with the stack
   */
  HeadScorer(
      CpuBackend backend,
      float[] x,
      FeatureMatrix features,
      float[][] weights,
      float[] bias,
      int models,
      int classes,
      int cols,
      int threads) {
    this.backend = backend;
    this.x = x;
    this.features = features;
    this.weights = weights;
    this.bias = bias;
    this.models = models;
    this.classes = classes;
    this.cols = cols;
    this.threads = threads;
    this.transposedRows = new int[models][];
    this.transposed = new float[models][][];
  }

  /**
   * Each model's probabilities on its rows ({@code rowSets[m]}, null for none) into {@code
   * probabilities[m]}, spread over the backend's threads.
   */
  void predict(int[][] rowSets, float[][] probabilities) {
    int[] shared = null;
    boolean allShared = true;
    for (int m = 0; m < models; m++) {
      if (rowSets[m] == null) {
        continue;
      }
      if (shared == null) {
        shared = rowSets[m];
      } else if (shared != rowSets[m]) {
        allShared = false;
      }
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    if (allShared) {
      // One pass over the rows serves every model: each row is read once, all weights stay hot.
      final int[] r = shared;
      // Transposed scoring runs faster on long row blocks: one per thread.
      int chunk = Math.max(16, (r.length + threads - 1) / threads);
      for (int start = 0; start < r.length; start += chunk) {
        final int from = start;
        final int to = Math.min(r.length, start + chunk);
        tasks.add(
            () -> {
              float[][] t = transpose(r, from, to, new float[cols][to - from]);
              for (int m = 0; m < models; m++) {
                if (rowSets[m] != null) {
                  scoreTransposed(m, t, to - from, probabilities[m], from);
                }
              }
              return null;
            });
      }
    } else {
      List<Integer> scored = new ArrayList<>();
      for (int m = 0; m < models; m++) {
        if (rowSets[m] != null) {
          scored.add(m);
        }
      }
      // Largest first, as for training, so that the last task to finish is a short one.
      scored.sort(
          Comparator.comparingInt((Integer m) -> -rowSets[m].length).thenComparingInt(m -> m));
      for (int model : scored) {
        tasks.add(
            () -> {
              scoreModel(model, rowSets[model], probabilities[model]);
              return null;
            });
      }
    }
    backend.runAll(tasks);
  }

  /** Probabilities of one model on {@code r}, into {@code probabilities}, on the calling thread. */
  void scoreModel(int model, int[] r, float[] probabilities) {
    float[][] t = transposedFor(model, r);
    if (t != null) {
      scoreTransposed(model, t, r.length, probabilities, 0);
      return;
    }
    float[] logits = new float[classes];
    float[] row = x == null ? new float[cols] : null;
    for (int i = 0; i < r.length; i++) {
      if (x == null) {
        features.copyRow(r[i], row, 0);
        score(model, row, 0, logits);
      } else {
        score(model, x, r[i] * cols, logits);
      }
      System.arraycopy(logits, 0, probabilities, i * classes, classes);
    }
  }

  /**
   * The features of {@code rows}, transposed, kept for the next call with the same rows; null when
   * keeping them would take more than a quarter of the free heap (the caller scores row by row).
   */
  private float[][] transposedFor(int model, int[] rows) {
    if (transposed[model] != null && Arrays.equals(transposedRows[model], rows)) {
      return transposed[model];
    }
    transposed[model] = null;
    transposedRows[model] = null;
    if (4L * rows.length * cols > CpuHeadStack.freeHeap() / 4) {
      return null;
    }
    transposed[model] = transpose(rows, 0, rows.length, new float[cols][rows.length]);
    transposedRows[model] = rows.clone();
    return transposed[model];
  }

  /** {@code t[j][i - from] = x[rows[i]][j]}. */
  private float[][] transpose(int[] rows, int from, int to, float[][] t) {
    float[] src = x;
    float[] row = x == null ? new float[cols] : null;
    for (int i = from; i < to; i++) {
      int xo = rows[i] * cols;
      if (x == null) {
        features.copyRow(rows[i], row, 0);
        src = row;
        xo = 0;
      }
      int o = i - from;
      for (int j = 0; j < cols; j++) {
        t[j][o] = src[xo + j];
      }
    }
    return t;
  }

  /**
   * {@link #score} of {@code n} rows given transposed ({@code t[feature][row]}), into {@code
   * probabilities} from row {@code first}: the same floats, since lane {@code i} of the loops here
   * runs {@link HeadMath#dotLoops}' eight sums for row {@code i} in its order, while the loops run
   * over the rows, where C2 vectorises them.
   */
  private void scoreTransposed(int m, float[][] t, int n, float[] probabilities, int first) {
    float[][] logits = new float[classes][n];
    TransposedDots.dotsTransposed(
        t, n, weights[m], cols, classes, new float[classes][8][n], logits);
    float[] out = new float[classes];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < classes; c++) {
        out[c] = logits[c][i] + bias[m * classes + c];
      }
      HeadMath.softmax(out, 0, classes);
      System.arraycopy(out, 0, probabilities, (first + i) * classes, classes);
    }
  }

  /** Softmax probabilities of one model for one feature row, into {@code out}. */
  private void score(int m, float[] src, int offset, float[] out) {
    float[] w = weights[m];
    for (int c = 0; c < classes; c++) {
      out[c] = HeadMath.dotLoops(src, offset, w, c * cols, cols) + bias[m * classes + c];
    }
    HeadMath.softmax(out, 0, classes);
  }

  /**
   * Drops the kept transposed rows: they are heap, but as large as the validation rows, and are not
   * to be held by a closed stack that its caller still references.
   */
  void release() {
    Arrays.fill(transposed, null);
    Arrays.fill(transposedRows, null);
  }
}
