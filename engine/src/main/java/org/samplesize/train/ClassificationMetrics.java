package org.samplesize.train;

import java.util.Arrays;

/**
 * Metrics of a classifier from its class probabilities, independent of the model that produced
 * them. Probabilities are row-major {@code rows × numClasses} floats; labels are class indices.
 */
public final class ClassificationMetrics {
  /** Keras' {@code backend.epsilon()}, used for the loss clipping. */
  public static final double KERAS_EPSILON = 1e-7;

  private ClassificationMetrics() {}

  /**
   * All metrics of {@link Metrics} at once.
   *
   * @param probabilities {@code labels.length × numClasses} probabilities, row-major
   * @param labels class index of each row
   * @param numClasses number of classes, &ge; 2
   * @param aucThresholds thresholds of the Keras-style AUC (Keras default 200)
   * @return the metrics
   */
  public static Metrics evaluate(
      float[] probabilities, int[] labels, int numClasses, int aucThresholds) {
    check(probabilities, labels, numClasses);
    int[][] confusion = confusion(probabilities, labels, numClasses);
    return new Metrics(
        accuracy(confusion),
        kerasAuc(probabilities, labels, numClasses, aucThresholds),
        rocAucMacroOvr(probabilities, labels, numClasses),
        macroF1(confusion),
        perClassRecall(confusion),
        confusion,
        crossEntropy(probabilities, labels, numClasses));
  }

  /**
   * @param probabilities row-major probabilities
   * @param labels class of each row
   * @param numClasses classes
   * @return {@code confusion[true][predicted]}, prediction = arg-max (lowest class on ties)
   */
  public static int[][] confusion(float[] probabilities, int[] labels, int numClasses) {
    check(probabilities, labels, numClasses);
    int[][] c = new int[numClasses][numClasses];
    for (int i = 0; i < labels.length; i++) {
      c[labels[i]][argMax(probabilities, i * numClasses, numClasses)]++;
    }
    return c;
  }

  /**
   * @param confusion a confusion matrix
   * @return trace / total (NaN for an empty matrix)
   */
  public static double accuracy(int[][] confusion) {
    long hit = 0;
    long all = 0;
    for (int i = 0; i < confusion.length; i++) {
      for (int j = 0; j < confusion.length; j++) {
        all += confusion[i][j];
        if (i == j) {
          hit += confusion[i][j];
        }
      }
    }
    return all == 0 ? Double.NaN : (double) hit / all;
  }

  /**
   * @param confusion a confusion matrix
   * @return recall per class, 0 for a class without rows
   */
  public static double[] perClassRecall(int[][] confusion) {
    double[] r = new double[confusion.length];
    for (int i = 0; i < confusion.length; i++) {
      long support = Arrays.stream(confusion[i]).asLongStream().sum();
      r[i] = support == 0 ? 0 : (double) confusion[i][i] / support;
    }
    return r;
  }

  /**
   * @param confusion a confusion matrix
   * @return mean F1 over all classes, 0 for a class with no true and no predicted rows
   */
  public static double macroF1(int[][] confusion) {
    int k = confusion.length;
    double sum = 0;
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long fn = 0;
      long fp = 0;
      for (int j = 0; j < k; j++) {
        if (j != c) {
          fn += confusion[c][j];
          fp += confusion[j][c];
        }
      }
      long denominator = 2 * tp + fp + fn;
      sum += denominator == 0 ? 0 : 2.0 * tp / denominator;
    }
    return sum / k;
  }

  /**
   * Mean categorical cross-entropy with probabilities clipped to {@code [1e-7, 1 - 1e-7]} (Keras).
   *
   * @param probabilities row-major probabilities
   * @param labels class of each row
   * @param numClasses classes
   * @return the mean loss (NaN without rows)
   */
  public static double crossEntropy(float[] probabilities, int[] labels, int numClasses) {
    check(probabilities, labels, numClasses);
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double p = probabilities[i * numClasses + labels[i]];
      p = Math.min(Math.max(p, KERAS_EPSILON), 1 - KERAS_EPSILON);
      sum -= Math.log(p);
    }
    return labels.length == 0 ? Double.NaN : sum / labels.length;
  }

  /**
   * The bucket of a probability in Keras' evenly spaced thresholds: {@code max(0, ceil(p * (T - 1))
   * - 1)}, computed in float as Keras does; a prediction counts as positive at threshold index
   * {@code i} exactly when its bucket is &ge; {@code i}.
   *
   * @param p a probability
   * @param thresholds number of thresholds T
   * @return the bucket in {@code [0, T - 1]}
   */
  public static int kerasBucket(float p, int thresholds) {
    float scaled = p * (float) (thresholds - 1);
    int b = (int) Math.ceil(scaled) - 1;
    return Math.min(Math.max(b, 0), thresholds - 1);
  }

  /**
   * Histogram of the Keras AUC: for every (row, class) pair, the pair's bucket counted as positive
   * (the row's label is that class) or negative.
   *
   * @param probabilities row-major probabilities
   * @param labels class of each row
   * @param numClasses classes
   * @param thresholds number of thresholds
   * @return {@code 2 × thresholds} counts: positives per bucket, then negatives per bucket
   */
  public static long[] kerasAucCounts(
      float[] probabilities, int[] labels, int numClasses, int thresholds) {
    check(probabilities, labels, numClasses);
    long[] counts = new long[2 * thresholds];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < numClasses; c++) {
        int b = kerasBucket(probabilities[i * numClasses + c], thresholds);
        counts[(labels[i] == c ? 0 : thresholds) + b]++;
      }
    }
    return counts;
  }

  /**
   * The Keras AUC from its histogram ({@code tf.keras.metrics.AUC}, curve ROC, summation
   * "interpolation"): true/false positives at threshold {@code i} are the counts of buckets &ge;
   * {@code i}; the area is the trapezoidal sum over thresholds of TPR against FPR, with Keras'
   * divide-no-nan (0 where a denominator is 0).
   *
   * @param counts positives per bucket then negatives per bucket, from {@link #kerasAucCounts}
   * @return the AUC
   */
  public static double kerasAucFromCounts(long[] counts) {
    if (counts.length < 6 || counts.length % 2 != 0) {
      throw new IllegalArgumentException(
          "counts has length " + counts.length + ", expected 2 * thresholds with thresholds >= 3");
    }
    int t = counts.length / 2;
    long positives = 0;
    long negatives = 0;
    for (int i = 0; i < t; i++) {
      positives += counts[i];
      negatives += counts[t + i];
    }
    // tp[i] = positives whose bucket is >= i: a suffix sum, walked from the top threshold down.
    double[] tpr = new double[t];
    double[] fpr = new double[t];
    long tp = 0;
    long fp = 0;
    for (int i = t - 1; i >= 0; i--) {
      tp += counts[i];
      fp += counts[t + i];
      tpr[i] = positives == 0 ? 0 : (double) tp / positives;
      fpr[i] = negatives == 0 ? 0 : (double) fp / negatives;
    }
    double area = 0;
    for (int i = 0; i < t - 1; i++) {
      area += (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2;
    }
    return area;
  }

  /**
   * Keras-style AUC on one-hot labels (all (row, class) pairs flattened; micro average).
   *
   * @param probabilities row-major probabilities
   * @param labels class of each row
   * @param numClasses classes
   * @param thresholds number of thresholds (Keras default 200)
   * @return the AUC
   */
  public static double kerasAuc(
      float[] probabilities, int[] labels, int numClasses, int thresholds) {
    return kerasAucFromCounts(kerasAucCounts(probabilities, labels, numClasses, thresholds));
  }

  /**
   * Exact ROC AUC, macro average of one-vs-rest over the classes present in {@code labels}, ties
   * counted one half (Mann-Whitney with mid-ranks).
   *
   * @param probabilities row-major probabilities
   * @param labels class of each row
   * @param numClasses classes
   * @return the AUC, NaN when fewer than two classes are present
   */
  public static double rocAucMacroOvr(float[] probabilities, int[] labels, int numClasses) {
    check(probabilities, labels, numClasses);
    int n = labels.length;
    double sum = 0;
    int present = 0;
    double[] scores = new double[n];
    boolean[] positive = new boolean[n];
    for (int c = 0; c < numClasses; c++) {
      int pos = 0;
      for (int i = 0; i < n; i++) {
        scores[i] = probabilities[i * numClasses + c];
        positive[i] = labels[i] == c;
        if (positive[i]) {
          pos++;
        }
      }
      if (pos == 0 || pos == n) {
        continue;
      }
      sum += binaryRocAuc(scores, positive);
      present++;
    }
    return present < 2 ? Double.NaN : sum / present;
  }

  /**
   * Exact binary ROC AUC with ties counted one half.
   *
   * @param scores score of each row
   * @param positive whether each row is positive
   * @return the AUC, NaN without positives or negatives
   */
  public static double binaryRocAuc(double[] scores, boolean[] positive) {
    int n = scores.length;
    if (positive.length != n) {
      throw new IllegalArgumentException(
          "scores has " + n + " rows, positive has " + positive.length);
    }
    // Ranks by score in Double.compare's order (-0.0 before 0.0, NaN last), sorting primitive
    // copies rather than boxed indices: equal scores (==) share their mid rank, so a group's
    // positives only need counting, from the sorted scores of the positives. NaN equals nothing:
    // each is its own group, ranked in row order (as a stable sort of the indices ranks them).
    double[] all = scores.clone();
    Arrays.sort(all);
    int positives = 0;
    for (boolean p : positive) {
      positives += p ? 1 : 0;
    }
    double[] positiveScores = new double[positives];
    for (int i = 0, k = 0; i < n; i++) {
      if (positive[i]) {
        positiveScores[k++] = scores[i];
      }
    }
    Arrays.sort(positiveScores);
    int finite = n;
    while (finite > 0 && Double.isNaN(all[finite - 1])) {
      finite--;
    }
    double rankSumPositive = 0;
    long pos = 0;
    int i = 0;
    int next = 0;
    while (i < finite) {
      int j = i;
      while (j + 1 < finite && all[j + 1] == all[i]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      while (next < positives && positiveScores[next] == all[i]) {
        rankSumPositive += midRank;
        pos++;
        next++;
      }
      i = j + 1;
    }
    for (int r = 0, rank = finite; r < n; r++) {
      if (Double.isNaN(scores[r])) {
        if (positive[r]) {
          rankSumPositive += (rank + rank) / 2.0 + 1;
          pos++;
        }
        rank++;
      }
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * @param probabilities row-major values
   * @param offset start of the row
   * @param numClasses row length
   * @return index of the largest value (the first on ties)
   */
  public static int argMax(float[] probabilities, int offset, int numClasses) {
    int best = 0;
    float max = probabilities[offset];
    for (int c = 1; c < numClasses; c++) {
      if (probabilities[offset + c] > max) {
        max = probabilities[offset + c];
        best = c;
      }
    }
    return best;
  }

  private static void check(float[] probabilities, int[] labels, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ", expected >= 2");
    }
    if (probabilities.length != (long) labels.length * numClasses) {
      throw new IllegalArgumentException(
          "probabilities has "
              + probabilities.length
              + " values, expected rows * classes = "
              + labels.length
              + " * "
              + numClasses);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label of row "
                + i
                + " is "
                + labels[i]
                + ", expected a class in [0, "
                + numClasses
                + ")");
      }
    }
  }
}
